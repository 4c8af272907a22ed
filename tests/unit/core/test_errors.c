/* SPDX-License-Identifier: Apache-2.0 */
/* The error record: per thread, never NULL, the code table complete. */
#include <pthread.h>

#include "test_common.h"
#include "internal.h"

static void
test_errors_last_never_null(void **state)
{
	(void)state;
	ssc_error_clear();
	const ssc_error *e = ssc_error_last();
	assert_non_null(e);
	assert_int_equal(e->code, SSC_OK);
	assert_string_equal(e->message, "no error");
}

static void
test_errors_set_and_read(void **state)
{
	(void)state;
	assert_int_equal(ssc_error_set_str(SSC_ESTORE, SSC_ERROR_CLASS_STORE,
					   "disk full"),
			 SSC_ESTORE);
	const ssc_error *e = ssc_error_last();
	assert_int_equal(e->code, SSC_ESTORE);
	assert_int_equal(e->klass, SSC_ERROR_CLASS_STORE);
	assert_string_equal(e->message, "disk full");
	assert_int_equal(e->sw, 0);

	assert_int_equal(ssc_error_set_sw(SSC_EPIN, 0x63C2, NULL), SSC_EPIN);
	assert_int_equal(e->sw, 0x63C2);
	assert_int_equal(e->klass, SSC_ERROR_CLASS_CARD);
	assert_string_equal(e->message, "wrong PIN");

	assert_int_equal(ssc_error_set_native(SSC_ENOREADER,
					      SSC_ERROR_CLASS_READER,
					      SSC_NATIVE_PCSC, 0x8010002E,
					      "reader gone"),
			 SSC_ENOREADER);
	assert_int_equal(e->native_kind, SSC_NATIVE_PCSC);
	assert_int_equal(e->native_code, 0x8010002E);

	assert_int_equal(ssc_error_set_oom(), SSC_ENOMEM);
	assert_int_equal(e->klass, SSC_ERROR_CLASS_NOMEMORY);

	/* A non-negative code is never recorded as success. */
	assert_int_equal(ssc_error_set_str(5, SSC_ERROR_CLASS_NONE, "x"),
			 SSC_ERROR);
	ssc_error_clear();
	assert_int_equal(e->code, SSC_OK);
}

static void
test_errors_long_message_truncated(void **state)
{
	(void)state;
	char big[2000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ssc_error_set_str(SSC_EINVAL, SSC_ERROR_CLASS_INVALID, big);
	assert_int_equal(strlen(ssc_error_last()->message), 511);
}

struct thread_arg {
	int code;
	int seen_code;
	char seen_message[64];
};

static void *
thread_main(void *p)
{
	struct thread_arg *a = p;
	char msg[32];
	snprintf(msg, sizeof(msg), "thread %d", a->code);
	for (int i = 0; i < 1000; i++)
		ssc_error_set_str(a->code, SSC_ERROR_CLASS_NONE, msg);
	a->seen_code = ssc_error_last()->code;
	snprintf(a->seen_message, sizeof(a->seen_message), "%s",
		 ssc_error_last()->message);
	return NULL;
}

static void
test_errors_per_thread(void **state)
{
	(void)state;
	pthread_t th[4];
	struct thread_arg args[4] = { { SSC_EINVAL, 0, "" },
				      { SSC_ECARD, 0, "" },
				      { SSC_ESTORE, 0, "" },
				      { SSC_EREADER, 0, "" } };
	ssc_error_set_str(SSC_ETIMEOUT, SSC_ERROR_CLASS_NONE, "main");
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main,
						&args[i]),
				 0);
	for (int i = 0; i < 4; i++) {
		char want[32];
		pthread_join(th[i], NULL);
		snprintf(want, sizeof(want), "thread %d", args[i].code);
		assert_int_equal(args[i].seen_code, args[i].code);
		assert_string_equal(args[i].seen_message, want);
	}
	/* The main thread's record is untouched by the others. */
	assert_int_equal(ssc_error_last()->code, SSC_ETIMEOUT);
	assert_string_equal(ssc_error_last()->message, "main");
}

/* Every code in errors.h has a name, a text and the right block. */
static const int all_codes[] = {
	SSC_ERROR, SSC_ENOMEM, SSC_EINVAL, SSC_ENOTFOUND, SSC_EEXISTS,
	SSC_EBUFS, SSC_EUSER, SSC_EVERSION, SSC_ENOTSUPPORTED, SSC_ETIMEOUT,
	SSC_ECANCELLED, SSC_EBUSY, SSC_EOS, SSC_ECRYPTO, SSC_ENOKEY,
	SSC_ETRANSITION, SSC_ENOTELIGIBLE, SSC_EONECARD, SSC_EPARSE,
	SSC_EBADID, SSC_ECALENDAR, SSC_EDUTY, SSC_EIDEMPOTENCY, SSC_ECARD,
	SSC_EAPDU, SSC_EPIN, SSC_EPINBLOCKED, SSC_ESECURITY, SSC_EAPPBLOCKED,
	SSC_EMISMATCH, SSC_EMAC, SSC_EREADER, SSC_ENOREADER, SSC_ENOCARD,
	SSC_ECARDREMOVED, SSC_ECARDRESET, SSC_ESHARING, SSC_EPROTOCOL,
	SSC_ESTORE, SSC_ECORRUPT, SSC_ECONFLICT, SSC_ESCHEMA,
};

static void
test_errors_code_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(all_codes) / sizeof(all_codes[0]); i++) {
		int c = all_codes[i];
		assert_non_null(ssc_error_name(c));
		assert_string_not_equal(ssc_strerror(c), "unknown error");
		assert_true(c < 0 && c > -500);
		if (c <= -400)
			assert_int_equal(ssc__error_default_class(c),
					 SSC_ERROR_CLASS_STORE);
		else if (c <= -300)
			assert_int_equal(ssc__error_default_class(c),
					 SSC_ERROR_CLASS_READER);
	}
	assert_string_equal(ssc_error_name(SSC_ENOTELIGIBLE),
			    "SSC_ENOTELIGIBLE");
	assert_null(ssc_error_name(-99));
	assert_string_equal(ssc_strerror(-99), "unknown error");
	assert_string_equal(ssc_error_class_name(SSC_ERROR_CLASS_READER),
			    "reader");
	assert_string_equal(ssc_error_class_name(999), "unknown");
}

static void
test_errors_save_restore(void **state)
{
	(void)state;
	ssc__error_saved saved;
	ssc__error_setf(SSC_ECARD, SSC_ERROR_CLASS_CARD, "card said %04X",
			0x6A82);
	ssc__error_save(&saved);
	ssc_error_set_str(SSC_ESTORE, SSC_ERROR_CLASS_STORE, "cleanup");
	ssc__error_restore(&saved);
	assert_int_equal(ssc_error_last()->code, SSC_ECARD);
	assert_string_equal(ssc_error_last()->message, "card said 6A82");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_last_never_null),
		cmocka_unit_test(test_errors_set_and_read),
		cmocka_unit_test(test_errors_long_message_truncated),
		cmocka_unit_test(test_errors_per_thread),
		cmocka_unit_test(test_errors_code_table),
		cmocka_unit_test(test_errors_save_restore),
	};
	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
