/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sys/key_provider.h, its software provider only: KeyProvider holds keys
 * in memory (wiped when replaced or freed) for the card operations that
 * need them — reading a generation-3 card (EXTERNAL AUTHENTICATE), PIN
 * reload and unblock:
 *
 *   kp = KeyProvider()                          # ssc_key_provider_soft_new
 *   kp.add("k0A", KeyType.SM4, key16)           # or kp.load(text) / load_file()
 *   socialcard.read_card(conn, key_provider=kp, auth_key_id="k0A")
 *   conn.unblock_pin(key_provider=kp, mac_key_id="unblock")
 *
 * Keys never come back out.  A provider written in Python (an HSM
 * binding) is not supported.  The header is not %included: its structs
 * are the backend-author API.
 */
%{
#include <socialcard/sys/key_provider.h>
%}

%rename(KeyProvider) ssc_key_provider;
%nodefaultctor ssc_key_provider;
struct ssc_key_provider {};
%nothread ssc_key_provider::ssc_key_provider;
%exception ssc_key_provider::~ssc_key_provider {
	$action
}
%exception ssc_key_provider::ssc_key_provider {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_key_provider::ssc_key_provider %{
def __init__(self, ctx=None):
    """An empty software key provider (keys in wiped memory)."""
    _socialcard.KeyProvider_swiginit(self, $action(_util.context(ctx)))
%}
%extend ssc_key_provider {
	ssc_key_provider(ssc_ctx *ctx) {
		ssc_key_provider *kp = NULL;
		ssc_status rc = ssc_key_provider_soft_new(&kp, ctx);
		if (rc < 0)
			ssc_py_raise(rc);
		return kp;
	}
	~ssc_key_provider() {
		ssc_key_provider_free($self);
	}
	ssc_status _add(const char *key_id, int type, const uint8_t *data,
			size_t len) {
		return ssc_key_provider_soft_add($self, key_id, type, data, len);
	}
	ssc_status _load(const char *utf8, size_t len) {
		return ssc_key_provider_soft_load_memory($self, utf8, len);
	}
	ssc_status _load_file(const char *path) {
		return ssc_key_provider_soft_load_file($self, path);
	}
	%pythoncode %{
    def add(self, key_id: str, type, key) -> None:
        """Add a key (``type`` a KeyType; ``key`` bytes-like).
        AlreadyExists for a used id; InvalidArgument for a bad id, type
        or length."""
        self._add(key_id, int(type), key)

    def load(self, text: str) -> None:
        """Add keys from text, one per line: ``<id> <type> <hex>`` (type
        des, sm4, aes256, hmac-sha256 or hmac-sm3); all or nothing."""
        self._load(text)

    def load_file(self, path) -> None:
        """As load(), from a file (its bytes are wiped after parsing)."""
        import os
        self._load_file(os.fspath(path))

    def __repr__(self):
        return "<socialcard.KeyProvider soft>"
	%}
}

/* ::ssc_key_type values (socialcard.KeyType). */
%constant int KEY_TYPE_UNSET = SSC_KEY_TYPE_UNSET;
%constant int KEY_TYPE_DES = SSC_KEY_TYPE_DES;
%constant int KEY_TYPE_SM4 = SSC_KEY_TYPE_SM4;
%constant int KEY_TYPE_AES256 = SSC_KEY_TYPE_AES256;
%constant int KEY_TYPE_HMAC_SHA256 = SSC_KEY_TYPE_HMAC_SHA256;
%constant int KEY_TYPE_HMAC_SM3 = SSC_KEY_TYPE_HMAC_SM3;
