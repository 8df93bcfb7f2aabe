"""The storage key's HMAC, computed without OpenSSL, is the standard HMAC-SHA256."""

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from hipback.persistence.keys import hmac_sha256, storage_key


@given(key=st.binary(max_size=200), message=st.binary(max_size=300))
def test_hmac_sha256_matches_the_standard_library(key: bytes, message: bytes) -> None:
    assert hmac_sha256(key, message) == hmac.new(key, message, hashlib.sha256).digest()


@given(user_id=st.text(), salt=st.text())
def test_storage_key_is_the_hex_hmac_of_the_user_id_keyed_by_the_salt(
    user_id: str, salt: str
) -> None:
    expected = hmac.new(salt.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    assert storage_key(user_id, salt) == expected
