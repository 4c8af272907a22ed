/* SPDX-License-Identifier: Apache-2.0 */
/*
 * socialcard-materials: prints, in Chinese (or English), the verdict and
 * the materials a service needs in a situation, from the rule packs.
 *
 *   socialcard-materials -r 500000 -s apply -a agent -c window \
 *       -b 20150601 -d resident_id:holder:original -m photo
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socialcard/socialcard.h>

#define MAX_ITEMS 32

static int
lookup(const char *const *names, const char *s)
{
	for (int i = 1; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static const char *const actors[] = { "", "holder", "agent", "guardian",
				       "employer_agent", "system", NULL };
static const char *const channels[] = { "", "window", "kiosk", "online",
					 "bank", "phone", "mail", "batch",
					 NULL };
static const char *const docs[] = {
	"", "resident_id", "temporary_id", "household_register",
	"hkmo_permit", "tw_permit", "residence_permit", "passport",
	"foreign_pr_card", "officer_card", "birth_certificate", "ss_card", NULL
};
static const char *const parties[] = { "", "holder", "agent", "guardian",
					NULL };
static const char *const forms[] = { "", "original", "copy", "electronic",
				      NULL };
static const char *const residencies[] = { "", "mainland", "hkmo", "taiwan",
					    "foreign", NULL };
static const char *const facts[] = {
	"", "has_valid_card", "pending_application", "card_received",
	"ss_active", "financial_active", "loss_reported",
	"replacement_applied", "batch_data_generated",
	"batch_production_started", "pin_blocked", "transferred_in",
	"multiple_accounts", "relation_transfer", "agent_changed",
	"photo_change", NULL
};
static const char *const evidences[] = { "", "credential_images",
					  "scene_images", "signature", NULL };

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: socialcard-materials -s SERVICE [options]\n"
		"  -r CODE      region code (default: national)\n"
		"  -s SERVICE   apply, activate_ss, pin_reset, ... \n"
		"  -a ACTOR     holder|agent|guardian|employer_agent|system\n"
		"  -c CHANNEL   window|kiosk|online|bank|phone|mail|batch\n"
		"  -p POINT     service point id;  -B BANK  outlet bank code\n"
		"  -k BANK      the card's partner bank code\n"
		"  -b YYYYMMDD  holder's birth date\n"
		"  -R RESIDENCY mainland|hkmo|taiwan|foreign\n"
		"  -u           holder not insured (default: insured)\n"
		"  -f FACT      card fact (repeatable): card_received, ...\n"
		"  -d TYPE:OWNER:FORM  document presented (repeatable)\n"
		"  -m ID[:signed|:sealed|:electronic]  material presented\n"
		"  -e EVIDENCE  credential_images|scene_images|signature\n"
		"  -K           a key information change (info_change)\n"
		"  -l zh|en     language (default zh)\n"
		"  -P FILE      load an extra rule pack\n"
		"  -L           list the region's service points instead\n");
}

int
main(int argc, char **argv)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_situation sit = SSC_SITUATION_INIT;
	ssc_presented_doc dv[MAX_ITEMS];
	ssc_presented_material mv[MAX_ITEMS];
	char *mids[MAX_ITEMS];
	size_t nd = 0, nm = 0;
	const char *lang = "zh", *pack = NULL;
	int service = 0, opt, rc = 2, list = 0;
	ssc_ctx *ctx = NULL;
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	ssc_buf out = SSC_BUF_INIT;

	sit.insured = 1;
	sit.changes = SSC_CHANGE_ADDRESS;
	while ((opt = getopt(argc, argv, "r:s:a:c:p:B:k:b:R:uf:d:m:e:Kl:P:Lh")) !=
	       -1) {
		int i;
		switch (opt) {
		case 'r':
			o.region = optarg;
			break;
		case 's':
			service = ssc_service_from_name(optarg);
			if (!service) {
				fprintf(stderr, "unknown service %s\n", optarg);
				return 2;
			}
			break;
		case 'a':
			if ((sit.actor = lookup(actors, optarg)) < 0)
				goto bad;
			break;
		case 'c':
			if ((sit.channel = lookup(channels, optarg)) < 0)
				goto bad;
			break;
		case 'p':
			sit.service_point = optarg;
			break;
		case 'B':
			sit.outlet_bank = optarg;
			break;
		case 'k':
			sit.card_bank = optarg;
			break;
		case 'b':
			sit.holder_birth_date = (uint32_t)strtoul(optarg, NULL,
								  10);
			break;
		case 'R':
			if ((sit.residency = lookup(residencies, optarg)) < 0)
				goto bad;
			break;
		case 'u':
			sit.insured = 0;
			break;
		case 'f':
			if ((i = lookup(facts, optarg)) < 0)
				goto bad;
			sit.card_facts |= 1u << (i - 1);
			break;
		case 'e':
			if ((i = lookup(evidences, optarg)) < 0)
				goto bad;
			sit.evidence |= 1u << (i - 1);
			break;
		case 'K':
			sit.changes |= SSC_CHANGE_NAME;
			break;
		case 'd': {
			char *t = strtok(optarg, ":"), *w = strtok(NULL, ":"),
			     *f = strtok(NULL, ":");
			if (nd == MAX_ITEMS || !t || !w || !f)
				goto bad;
			dv[nd].type = lookup(docs, t);
			dv[nd].owner = lookup(parties, w);
			dv[nd].form = lookup(forms, f);
			if (dv[nd].type < 0 || dv[nd].owner < 0 ||
			    dv[nd].form < 0)
				goto bad;
			nd++;
			break;
		}
		case 'm': {
			char *flag = strchr(optarg, ':');
			if (nm == MAX_ITEMS)
				goto bad;
			mv[nm].flags = 0;
			if (flag) {
				*flag++ = '\0';
				mv[nm].flags =
					!strcmp(flag, "signed") ? SSC_MATERIAL_SIGNED
					: !strcmp(flag, "sealed") ? SSC_MATERIAL_SEALED
					: SSC_MATERIAL_ELECTRONIC;
			}
			mids[nm] = optarg;
			mv[nm].id = mids[nm];
			nm++;
			break;
		}
		case 'l':
			lang = optarg;
			break;
		case 'P':
			pack = optarg;
			break;
		case 'L':
			list = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (list) {
		if (ssc_ctx_new(&ctx, &o) || ssc_rulebook_new(&rb, ctx) ||
		    (pack && ssc_rulebook_load_file(rb, pack))) {
			fprintf(stderr, "socialcard-materials: %s\n",
				ssc_error_last()->message);
			goto done;
		}
		for (size_t i = 0; i < ssc_rulebook_point_count(rb, o.region);
		     i++) {
			ssc_service_point pt = SSC_SERVICE_POINT_INIT;
			if (ssc_rulebook_point(&pt, rb, o.region, i))
				break;
			printf("%s\t%s\t%s%s%s\t%s\t%s\n", pt.id, pt.kind,
			       pt.bank, pt.bank[0] ? " " : "", pt.name,
			       pt.address, pt.hours);
		}
		rc = 0;
		goto done;
	}
	if (!service) {
		usage(stderr);
		return 2;
	}
	sit.docs = dv;
	sit.n_docs = nd;
	sit.materials = mv;
	sit.n_materials = nm;
	if (ssc_ctx_new(&ctx, &o) || ssc_rulebook_new(&rb, ctx) ||
	    (pack && ssc_rulebook_load_file(rb, pack)) ||
	    ssc_rules_check(&v, rb, service, &sit) ||
	    ssc_verdict_format(&out, v, lang)) {
		fprintf(stderr, "socialcard-materials: %s\n",
			ssc_error_last()->message);
		goto done;
	}
	fputs(out.ptr, stdout);
	rc = ssc_verdict_allowed(v) ? 0 : 1;
done:
	ssc_buf_dispose(&out);
	ssc_verdict_free(v);
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
	return rc;
bad:
	fprintf(stderr, "socialcard-materials: bad value for -%c\n", opt);
	usage(stderr);
	return 2;
}
