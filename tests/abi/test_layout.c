/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Frozen layouts of the structs that cross the ABI: an accidental reorder,
 * retype or insertion fails here even where abidiff is not installed.
 * Offsets are for LP64 (x86_64, aarch64); other data models skip.
 * When a struct gains a member, append a check; never edit an old one.
 */
#include <stddef.h>
#include "test_common.h"
#include <socialcard/sys/store_backend.h>
#include <socialcard/sys/key_provider.h>
#include <socialcard/sys/reader_backend.h>


#define OFF(type, member, value) assert_int_equal(offsetof(type, member), value)

static void
test_layout_ctx_options_v1(void **state)
{
	(void)state;
	OFF(ssc_ctx_options, version, 0);
	OFF(ssc_ctx_options, region, 8);
	OFF(ssc_ctx_options, log, 16);
	OFF(ssc_ctx_options, log_payload, 24);
	OFF(ssc_ctx_options, log_level, 32);
	OFF(ssc_ctx_options, clock, 40);
	OFF(ssc_ctx_options, clock_payload, 48);
	OFF(ssc_ctx_options, alloc, 56);
	OFF(ssc_ctx_options, alloc_payload, 64);
	OFF(ssc_ctx_options, flags, 72);
	assert_int_equal(sizeof(ssc_ctx_options), 80);
}

static void
test_layout_error_v1(void **state)
{
	(void)state;
	OFF(ssc_error, message, 0);
	OFF(ssc_error, code, 8);
	OFF(ssc_error, klass, 12);
	OFF(ssc_error, sw, 16);
	OFF(ssc_error, native_kind, 20);
	OFF(ssc_error, native_code, 24);
	assert_int_equal(sizeof(ssc_error), 32);
}

static void
test_layout_buf(void **state)
{
	(void)state;
	OFF(ssc_buf, ptr, 0);
	OFF(ssc_buf, size, 8);
	OFF(ssc_buf, asize, 16);
	OFF(ssc_buf, alloc, 24);
	OFF(ssc_buf, alloc_payload, 32);
	assert_int_equal(sizeof(ssc_buf), 40);
}

/* Enum values are ABI too. */
static void
test_layout_enum_values(void **state)
{
	(void)state;
	assert_int_equal(SSC_ENOTELIGIBLE, -101);
	assert_int_equal(SSC_ECARDREMOVED, -303);
	assert_int_equal(SSC_ECONFLICT, -402);
	assert_int_equal(SSC_CHANNEL_PHONE, 5);
	assert_int_equal(SSC_DOC_SS_CARD, 11);
	assert_int_equal(SSC_SERVICE_ROLLBACK, 21);
	assert_int_equal(SSC_LOG_TRACE, 5);
}

/* ssc_idnumber_info v1 and the model's enum values (issue 3). */
static void
test_layout_idnumber_info_v1(void **state)
{
	(void)state;
	OFF(ssc_idnumber_info, version, 0);
	OFF(ssc_idnumber_info, reason, 4);
	OFF(ssc_idnumber_info, number, 8);
	OFF(ssc_idnumber_info, region, 27);
	OFF(ssc_idnumber_info, birth_date, 36);
	OFF(ssc_idnumber_info, sex, 40);
	OFF(ssc_idnumber_info, legacy, 44);
	OFF(ssc_idnumber_info, kind, 48);
	assert_int_equal(sizeof(ssc_idnumber_info), 52);
	assert_int_equal(SSC_ID_KIND_FOREIGN_PR, 3);
	assert_int_equal(SSC_ID_REASON_FUTURE, 6);
	assert_int_equal(SSC_SEX_UNSPECIFIED, 9);
	assert_int_equal(SSC_CARD_STATE_EXPIRED, 14);
	assert_int_equal(SSC_FIN_STATE_CLOSED, 5);
	assert_int_equal(SSC_PIN_STATE_LOCKED, 2);
	assert_int_equal(SSC_RESIDENCY_FOREIGN, 5);
	assert_int_equal(SSC_INSURED_SUSPENDED, 3);
	assert_int_equal(SSC_AGE_BAND_ADULT, 4);
	assert_int_equal(SSC_REGION_LEVEL_COUNTY, 3);
	assert_int_equal(SSC_CHARSET_GBK, 2);
}

static void
test_layout_rules_situation_v1(void **state)
{
	(void)state;
	OFF(ssc_situation, version, 0);
	OFF(ssc_situation, actor, 4);
	OFF(ssc_situation, channel, 8);
	OFF(ssc_situation, service_point, 16);
	OFF(ssc_situation, outlet_bank, 24);
	OFF(ssc_situation, holder_birth_date, 32);
	OFF(ssc_situation, residency, 36);
	OFF(ssc_situation, insured, 40);
	OFF(ssc_situation, card_facts, 44);
	OFF(ssc_situation, card_bank, 48);
	OFF(ssc_situation, docs, 56);
	OFF(ssc_situation, n_docs, 64);
	OFF(ssc_situation, materials, 72);
	OFF(ssc_situation, n_materials, 80);
	OFF(ssc_situation, evidence, 88);
	OFF(ssc_situation, changes, 92);
	assert_int_equal(sizeof(ssc_situation), 96);
}

static void
test_layout_rules_presented_doc_v1(void **state)
{
	(void)state;
	OFF(ssc_presented_doc, type, 0);
	OFF(ssc_presented_doc, form, 4);
	OFF(ssc_presented_doc, owner, 8);
	assert_int_equal(sizeof(ssc_presented_doc), 12);
}

static void
test_layout_rules_presented_material_v1(void **state)
{
	(void)state;
	OFF(ssc_presented_material, id, 0);
	OFF(ssc_presented_material, flags, 8);
	assert_int_equal(sizeof(ssc_presented_material), 16);
}

static void
test_layout_rules_reason_v1(void **state)
{
	(void)state;
	OFF(ssc_reason, code, 0);
	OFF(ssc_reason, text_zh, 8);
	OFF(ssc_reason, text_en, 16);
	OFF(ssc_reason, source, 24);
	OFF(ssc_reason, rule, 32);
	assert_int_equal(sizeof(ssc_reason), 40);
}

static void
test_layout_rules_material_v1(void **state)
{
	(void)state;
	OFF(ssc_material, id, 0);
	OFF(ssc_material, text_zh, 8);
	OFF(ssc_material, text_en, 16);
	OFF(ssc_material, source, 24);
	OFF(ssc_material, copies, 32);
	OFF(ssc_material, optional, 36);
	OFF(ssc_material, missing, 40);
	assert_int_equal(sizeof(ssc_material), 48);
}

static void
test_layout_rules_deadline_v1(void **state)
{
	(void)state;
	OFF(ssc_deadline, unit, 0);
	OFF(ssc_deadline, amount, 4);
	OFF(ssc_deadline, statutory_working_days, 8);
	OFF(ssc_deadline, due_status, 12);
	OFF(ssc_deadline, due_ms, 16);
	OFF(ssc_deadline, text_zh, 24);
	OFF(ssc_deadline, text_en, 32);
	OFF(ssc_deadline, source, 40);
	assert_int_equal(sizeof(ssc_deadline), 48);
}

static void
test_layout_rules_fee_v1(void **state)
{
	(void)state;
	OFF(ssc_fee, charged, 0);
	OFF(ssc_fee, amount_fen, 8);
	OFF(ssc_fee, text_zh, 16);
	OFF(ssc_fee, text_en, 24);
	OFF(ssc_fee, source, 32);
	assert_int_equal(sizeof(ssc_fee), 40);
}

static void
test_layout_rules_calendar_values(void **state)
{
	(void)state;
	assert_int_equal(SSC_FORM_ELECTRONIC, 3);
	assert_int_equal(SSC_PARTY_GUARDIAN, 3);
	assert_int_equal(SSC_FACT_PHOTO_CHANGE, 0x4000);
	assert_int_equal(SSC_EVIDENCE_SIGNATURE, 0x4);
	assert_int_equal(SSC_CHANGE_KEY_MASK, 0xff00);
	assert_int_equal(SSC_DEADLINE_HOURS, 2);
	assert_int_equal(SSC_SITUATION_VERSION, 1);
}

static void
test_layout_rules_service_point_v1(void **state)
{
	(void)state;
	OFF(ssc_service_point, version, 0);
	OFF(ssc_service_point, id, 8);
	OFF(ssc_service_point, kind, 16);
	OFF(ssc_service_point, name, 24);
	OFF(ssc_service_point, address, 32);
	OFF(ssc_service_point, hours, 40);
	OFF(ssc_service_point, phone, 48);
	OFF(ssc_service_point, hall, 56);
	OFF(ssc_service_point, bank, 64);
	OFF(ssc_service_point, capabilities, 72);
	OFF(ssc_service_point, pack, 80);
	assert_int_equal(sizeof(ssc_service_point), 88);
	assert_int_equal(SSC_POINT_LOSS, 0x100);
}

static void
test_layout_store_options_v1(void **state)
{
	(void)state;
	OFF(ssc_store_options, version, 0);
	OFF(ssc_store_options, cipher, 4);
	OFF(ssc_store_options, data_key_id, 8);
	OFF(ssc_store_options, data_key, 16);
	OFF(ssc_store_options, data_key_len, 24);
	OFF(ssc_store_options, index_key, 32);
	OFF(ssc_store_options, index_key_len, 40);
	OFF(ssc_store_options, sync, 48);
	OFF(ssc_store_options, busy_timeout_ms, 52);
	OFF(ssc_store_options, page_size, 56);
	OFF(ssc_store_options, flags, 60);
	/* The v1 prefix: the struct grew in v2 (test_layout_store_options_v2). */
	assert_int_equal(offsetof(ssc_store_options, flags) + sizeof(uint32_t),
			 64);
}

static void
test_layout_store_options_v2(void **state)
{
	(void)state;
	OFF(ssc_store_options, data_key_name, 64);
	OFF(ssc_store_options, index_key_name, 72);
	assert_int_equal(sizeof(ssc_store_options), 80);
	assert_int_equal(SSC_STORE_OPTIONS_VERSION, 2);
}

static void
test_layout_store_card_v1(void **state)
{
	(void)state;
	OFF(ssc_store_card, version, 0);
	OFF(ssc_store_card, card_id, 8);
	OFF(ssc_store_card, card_number, 16);
	OFF(ssc_store_card, holder_id, 24);
	OFF(ssc_store_card, holder_index, 32);
	OFF(ssc_store_card, holder_index_len, 40);
	OFF(ssc_store_card, region, 48);
	OFF(ssc_store_card, state, 56);
	OFF(ssc_store_card, revision, 64);
	OFF(ssc_store_card, record, 72);
	OFF(ssc_store_card, record_len, 80);
	OFF(ssc_store_card, key_id, 88);
	OFF(ssc_store_card, owner, 96);
	assert_int_equal(sizeof(ssc_store_card), 104);
}

static void
test_layout_store_journal_entry_v1(void **state)
{
	(void)state;
	OFF(ssc_store_journal_entry, version, 0);
	OFF(ssc_store_journal_entry, entry_id, 8);
	OFF(ssc_store_journal_entry, card_id, 16);
	OFF(ssc_store_journal_entry, sequence, 24);
	OFF(ssc_store_journal_entry, time_ms, 32);
	OFF(ssc_store_journal_entry, request_id, 40);
	OFF(ssc_store_journal_entry, service, 48);
	OFF(ssc_store_journal_entry, hash, 56);
	OFF(ssc_store_journal_entry, hash_len, 64);
	OFF(ssc_store_journal_entry, data, 72);
	OFF(ssc_store_journal_entry, data_len, 80);
	OFF(ssc_store_journal_entry, key_id, 88);
	assert_int_equal(sizeof(ssc_store_journal_entry), 96);
}

static void
test_layout_store_invalid_entry_v1(void **state)
{
	(void)state;
	OFF(ssc_store_invalid_entry, version, 0);
	OFF(ssc_store_invalid_entry, level, 4);
	OFF(ssc_store_invalid_entry, region, 8);
	OFF(ssc_store_invalid_entry, card_number, 16);
	OFF(ssc_store_invalid_entry, card_id, 24);
	OFF(ssc_store_invalid_entry, time_ms, 32);
	OFF(ssc_store_invalid_entry, reason, 40);
	OFF(ssc_store_invalid_entry, owner, 48);
	assert_int_equal(sizeof(ssc_store_invalid_entry), 56);
}

static void
test_layout_store_mirror_v1(void **state)
{
	(void)state;
	OFF(ssc_store_mirror, version, 0);
	OFF(ssc_store_mirror, card_id, 8);
	OFF(ssc_store_mirror, state, 16);
	OFF(ssc_store_mirror, time_ms, 24);
	OFF(ssc_store_mirror, data, 32);
	OFF(ssc_store_mirror, data_len, 40);
	OFF(ssc_store_mirror, key_id, 48);
	OFF(ssc_store_mirror, owner, 56);
	assert_int_equal(sizeof(ssc_store_mirror), 64);
}

static void
test_layout_store_backend_v1(void **state)
{
	(void)state;
	OFF(ssc_store_backend, version, 0);
	OFF(ssc_store_backend, name, 8);
	OFF(ssc_store_backend, ctx, 16);
	OFF(ssc_store_backend, query, 24);
	OFF(ssc_store_backend, commit, 32);
	OFF(ssc_store_backend, free, 40);
	OFF(ssc_store_backend, reseal, 48);
	OFF(ssc_store_backend, health, 56);
	assert_int_equal(sizeof(ssc_store_backend), 64);
}

static void
test_layout_store_query_v1(void **state)
{
	(void)state;
	OFF(ssc_store_query, version, 0);
	OFF(ssc_store_query, kind, 4);
	OFF(ssc_store_query, key, 8);
	OFF(ssc_store_query, holder_index, 16);
	OFF(ssc_store_query, holder_index_len, 24);
	OFF(ssc_store_query, state, 32);
	OFF(ssc_store_query, region, 40);
	OFF(ssc_store_query, level, 48);
	OFF(ssc_store_query, after, 56);
	OFF(ssc_store_query, after_seq, 64);
	OFF(ssc_store_query, limit, 72);
	OFF(ssc_store_query, key_id, 80);
	assert_int_equal(sizeof(ssc_store_query), 88);
}

static void
test_layout_store_changes_v1(void **state)
{
	(void)state;
	OFF(ssc_store_changes, version, 0);
	OFF(ssc_store_changes, card, 8);
	OFF(ssc_store_changes, base_revision, 16);
	OFF(ssc_store_changes, journal, 24);
	OFF(ssc_store_changes, n_journal, 32);
	OFF(ssc_store_changes, invalid_add, 40);
	OFF(ssc_store_changes, n_invalid_add, 48);
	OFF(ssc_store_changes, invalid_remove, 56);
	OFF(ssc_store_changes, n_invalid_remove, 64);
	OFF(ssc_store_changes, mirror, 72);
	OFF(ssc_store_changes, request, 80);
	assert_int_equal(sizeof(ssc_store_changes), 88);
}

static void
test_layout_store_request_v1(void **state)
{
	(void)state;
	OFF(ssc_store_request, version, 0);
	OFF(ssc_store_request, request_id, 8);
	OFF(ssc_store_request, card_id, 16);
	OFF(ssc_store_request, time_ms, 24);
	OFF(ssc_store_request, result, 32);
	OFF(ssc_store_request, result_len, 40);
	OFF(ssc_store_request, key_id, 48);
	assert_int_equal(sizeof(ssc_store_request), 56);
}

static void
test_layout_store_reseal_v1(void **state)
{
	(void)state;
	OFF(ssc_store_reseal, version, 0);
	OFF(ssc_store_reseal, kind, 4);
	OFF(ssc_store_reseal, key, 8);
	OFF(ssc_store_reseal, old_key_id, 16);
	OFF(ssc_store_reseal, revision, 24);
	OFF(ssc_store_reseal, new_key_id, 32);
	OFF(ssc_store_reseal, data, 40);
	OFF(ssc_store_reseal, data_len, 48);
	assert_int_equal(sizeof(ssc_store_reseal), 56);
}

static void
test_layout_store_row(void **state)
{
	(void)state;
	OFF(ssc_store_row, card, 0);
	OFF(ssc_store_row, journal, 8);
	OFF(ssc_store_row, invalid, 16);
	OFF(ssc_store_row, mirror, 24);
	OFF(ssc_store_row, request, 32);
	assert_int_equal(sizeof(ssc_store_row), 40);
}

static void
test_layout_store_enum_values(void **state)
{
	(void)state;
	assert_int_equal(SSC_INVALID_LEVEL_NATIONAL, 1);
	assert_int_equal(SSC_INVALID_LEVEL_MUNICIPAL, 3);
	assert_int_equal(SSC_STORE_CIPHER_SM4_GCM, 2);
	assert_int_equal(SSC_STORE_SYNC_NORMAL, 2);
	assert_int_equal(SSC_STORE_Q_CARD_BY_ID, 1);
	assert_int_equal(SSC_STORE_Q_RESEAL_REQUESTS, 13);
}

static void
test_layout_chip_v1(void **state)
{
	(void)state;
	OFF(ssc_tlv, version, 0);
	OFF(ssc_tlv, tag, 4);
	OFF(ssc_tlv, constructed, 8);
	OFF(ssc_tlv, value, 16);
	OFF(ssc_tlv, len, 24);
	OFF(ssc_tlv, offset, 32);
	OFF(ssc_tlv, size, 40);
	assert_int_equal(sizeof(ssc_tlv), 48);
	OFF(ssc_mac_params, version, 0);
	OFF(ssc_mac_params, alg, 4);
	OFF(ssc_mac_params, padding, 8);
	OFF(ssc_mac_params, truncation, 12);
	OFF(ssc_mac_params, iv, 16);
	OFF(ssc_mac_params, iv_len, 24);
	assert_int_equal(sizeof(ssc_mac_params), 32);
	OFF(ssc_key_provider, version, 0);
	OFF(ssc_key_provider, name, 8);
	OFF(ssc_key_provider, ctx, 16);
	OFF(ssc_key_provider, key_info, 24);
	OFF(ssc_key_provider, mac, 32);
	OFF(ssc_key_provider, cipher, 40);
	OFF(ssc_key_provider, derive, 48);
	OFF(ssc_key_provider, free, 56);
	OFF(ssc_key_provider, aead_seal, 64);
	OFF(ssc_key_provider, aead_open, 72);
	OFF(ssc_key_provider, hmac, 80);
	OFF(ssc_key_provider, random, 88);
	OFF(ssc_key_provider, forget, 96);
	assert_int_equal(sizeof(ssc_key_provider), 104);
	assert_int_equal(SSC_APDU_CASE_4E, 7);
	assert_int_equal(SSC_KEY_TYPE_HMAC_SM3, 5);
	assert_int_equal(SSC_MAC_ALG_SM4_CBC, 3);
	assert_int_equal(SSC_MAC_TRUNC_NONE, 2);
	assert_int_equal(SSC_CIPHER_ECB_DECRYPT, 2);
}

static void
test_layout_reader_v1(void **state)
{
	(void)state;
	OFF(ssc_reader_backend_conn, version, 0);
	OFF(ssc_reader_backend_conn, backend, 8);
	OFF(ssc_reader_backend_conn, protocol, 16);
	OFF(ssc_reader_backend_conn, iface, 20);
	OFF(ssc_reader_backend_conn, reader_name, 24);
	assert_int_equal(sizeof(ssc_reader_backend_conn), 32);
	OFF(ssc_reader_backend, version, 0);
	OFF(ssc_reader_backend, name, 8);
	OFF(ssc_reader_backend, ctx, 16);
	OFF(ssc_reader_backend, list_readers, 24);
	OFF(ssc_reader_backend, connect, 32);
	OFF(ssc_reader_backend, transmit, 40);
	OFF(ssc_reader_backend, disconnect, 48);
	OFF(ssc_reader_backend, free, 56);
	OFF(ssc_reader_backend, atr, 64);
	OFF(ssc_reader_backend, begin_transaction, 72);
	OFF(ssc_reader_backend, end_transaction, 80);
	OFF(ssc_reader_backend, wait_event, 88);
	OFF(ssc_reader_backend, cancel, 96);
	OFF(ssc_reader_backend, reconnect, 104);
	assert_int_equal(sizeof(ssc_reader_backend), 112);
	OFF(ssc_replay_options, version, 0);
	OFF(ssc_replay_options, path, 8);
	OFF(ssc_replay_options, data, 16);
	OFF(ssc_replay_options, size, 24);
	OFF(ssc_replay_options, flags, 32);
	assert_int_equal(sizeof(ssc_replay_options), 40);
	OFF(ssc_sim_options, version, 0);
	OFF(ssc_sim_options, profile_path, 8);
	OFF(ssc_sim_options, profile_json, 16);
	assert_int_equal(sizeof(ssc_sim_options), 24);
	assert_int_equal(SSC_READER_MODE_AUTO_CONTACTLESS_FIRST, 4);
	assert_int_equal(SSC_DISPOSITION_EJECT, 3);
	assert_int_equal(SSC_PROTOCOL_T1, 2);
	assert_int_equal(SSC_INTERFACE_CONTACTLESS, 2);
	assert_int_equal(SSC_READER_EVENT_READER_REMOVED, 8);
}

static void
test_layout_lifecycle_v1(void **state)
{
	(void)state;
	OFF(ssc_lc_states, version, 0);
	OFF(ssc_lc_states, card, 4);
	OFF(ssc_lc_states, fin, 8);
	OFF(ssc_lc_states, pin, 12);
	OFF(ssc_lc_states, ecard, 16);
	assert_int_equal(sizeof(ssc_lc_states), 20);
	OFF(ssc_transition, event, 0);
	OFF(ssc_transition, from_state, 4);
	OFF(ssc_transition, from_fin, 8);
	OFF(ssc_transition, from_pin, 12);
	OFF(ssc_transition, to_state, 16);
	OFF(ssc_transition, to_fin, 20);
	OFF(ssc_transition, to_pin, 24);
	OFF(ssc_transition, service, 28);
	OFF(ssc_transition, effects, 32);
	OFF(ssc_transition, note, 40);
	assert_int_equal(SSC_EVENT_APPLY, 1);
	assert_int_equal(SSC_EVENT_ROLLBACK, 33);
	assert_int_equal(SSC_EVENT_PRODUCTION_OVERDUE, 35);
}

static void
test_layout_registry_v1(void **state)
{
	(void)state;
	OFF(ssc_registry_options, version, 0);
	OFF(ssc_registry_options, journal_hash, 4);
	OFF(ssc_registry_options, max_attempts, 8);
	OFF(ssc_registry_options, shared_post_packs, 16);
	assert_int_equal(sizeof(ssc_registry_options), 24);
	OFF(ssc_request, version, 0);
	OFF(ssc_request, request_id, 8);
	OFF(ssc_request, card_id, 16);
	OFF(ssc_request, actor, 24);
	OFF(ssc_request, actor_doc_type, 28);
	OFF(ssc_request, actor_doc_number, 32);
	OFF(ssc_request, acceptance_operator, 40);
	OFF(ssc_request, processing_operator, 48);
	OFF(ssc_request, feedback_operator, 56);
	OFF(ssc_request, case_id, 64);
	OFF(ssc_request, channel, 72);
	OFF(ssc_request, outlet, 80);
	OFF(ssc_request, outlet_bank, 88);
	OFF(ssc_request, docs, 96);
	OFF(ssc_request, n_docs, 104);
	OFF(ssc_request, materials, 112);
	OFF(ssc_request, n_materials, 120);
	OFF(ssc_request, evidence, 128);
	OFF(ssc_request, evidence_refs, 136);
	OFF(ssc_request, n_evidence_refs, 144);
	OFF(ssc_request, facts, 152);
	OFF(ssc_request, changes, 156);
	OFF(ssc_request, new_phone, 160);
	OFF(ssc_request, new_address, 168);
	OFF(ssc_request, fee_fen, 176);
	OFF(ssc_request, reason, 184);
	OFF(ssc_request, production, 192);
	OFF(ssc_request, batch_id, 200);
	OFF(ssc_request, bank_code, 208);
	OFF(ssc_request, card_number, 216);
	OFF(ssc_request, expiry_date, 224);
	assert_int_equal(sizeof(ssc_request), 232);
	assert_int_equal(SSC_PRODUCTION_BATCH, 4);
	assert_int_equal(SSC_JOURNAL_HASH_SM3, 2);
}

static void
test_layout_cardio_v1(void **state)
{
	(void)state;
	OFF(ssc_read_options, version, 0);
	OFF(ssc_read_options, flags, 4);
	OFF(ssc_read_options, kp, 8);
	OFF(ssc_read_options, auth_key_id, 16);
	assert_int_equal(sizeof(ssc_read_options), 24);
	OFF(ssc_pin_options, version, 0);
	OFF(ssc_pin_options, min_len, 8);
	OFF(ssc_pin_options, max_len, 16);
	OFF(ssc_pin_options, kp, 24);
	OFF(ssc_pin_options, mac_key_id, 32);
	OFF(ssc_pin_options, enc_key_id, 40);
	OFF(ssc_pin_options, auth_key_id, 48);
	assert_int_equal(sizeof(ssc_pin_options), 56);
	assert_int_equal(SSC_READ_FINANCIAL, 1);
	assert_int_equal(SSC_READ_SELECT_MF, 2);
	assert_int_equal(SSC_READ_BIRTH_PLACE, 4);
	assert_int_equal(SSC_READ_BAS_FULL_ATR, 8);
}

static void
test_layout_apdu_view_v1(void **state)
{
	(void)state;
	OFF(ssc_apdu_view, version, 0);
	OFF(ssc_apdu_view, data, 8);
	OFF(ssc_apdu_view, data_len, 16);
	OFF(ssc_apdu_view, sw, 24);
	assert_int_equal(sizeof(ssc_apdu_view), 32);
	assert_int_equal(SSC_APDU_VIEW_VERSION, 1);
}

int
main(void)
{
	if (sizeof(void *) != 8 || sizeof(long) != 8) {
		printf("not an LP64 platform: layout test skipped\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_ctx_options_v1),
		cmocka_unit_test(test_layout_error_v1),
		cmocka_unit_test(test_layout_buf),
		cmocka_unit_test(test_layout_enum_values),
		cmocka_unit_test(test_layout_idnumber_info_v1),
		cmocka_unit_test(test_layout_rules_situation_v1),
		cmocka_unit_test(test_layout_rules_presented_doc_v1),
		cmocka_unit_test(test_layout_rules_presented_material_v1),
		cmocka_unit_test(test_layout_rules_reason_v1),
		cmocka_unit_test(test_layout_rules_material_v1),
		cmocka_unit_test(test_layout_rules_deadline_v1),
		cmocka_unit_test(test_layout_rules_fee_v1),
		cmocka_unit_test(test_layout_rules_calendar_values),
		cmocka_unit_test(test_layout_rules_service_point_v1),
		cmocka_unit_test(test_layout_store_options_v1),
		cmocka_unit_test(test_layout_store_options_v2),
		cmocka_unit_test(test_layout_store_card_v1),
		cmocka_unit_test(test_layout_store_journal_entry_v1),
		cmocka_unit_test(test_layout_store_invalid_entry_v1),
		cmocka_unit_test(test_layout_store_mirror_v1),
		cmocka_unit_test(test_layout_store_backend_v1),
		cmocka_unit_test(test_layout_store_query_v1),
		cmocka_unit_test(test_layout_store_changes_v1),
		cmocka_unit_test(test_layout_store_request_v1),
		cmocka_unit_test(test_layout_store_reseal_v1),
		cmocka_unit_test(test_layout_store_row),
		cmocka_unit_test(test_layout_store_enum_values),
		cmocka_unit_test(test_layout_chip_v1),
		cmocka_unit_test(test_layout_reader_v1),
		cmocka_unit_test(test_layout_lifecycle_v1),
		cmocka_unit_test(test_layout_registry_v1),
		cmocka_unit_test(test_layout_cardio_v1),
		cmocka_unit_test(test_layout_apdu_view_v1),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
