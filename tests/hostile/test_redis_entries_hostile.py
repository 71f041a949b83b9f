"""A Redis stream entry's fields: whatever they hold, a value or a clean error.

Another client can write anything into a channel's stream. The reader
(``read_fields``, internal) takes an entry's flat list of names and values
and gives its ``seq`` and ``data``, or a PayloadError; ``data`` itself is
then decoded like a peer's payload (``RedisHub.decode``, in
``entry_points.py``).
"""

from __future__ import annotations

from typing import cast

from hypothesis import given, strategies as st

from wsmessage import MessageError
from wsmessage._redis_streams import read_fields

from ..strategies import junk, refuses_cleanly

# Names and values as Redis sends them (bytes), the two names the reader
# looks for among others, and anything at all in their place.
stream_fields = (
    st.lists(
        st.sampled_from([b"data", b"seq"])
        | st.binary(max_size=24)
        | st.integers().map(str).map(str.encode),
        max_size=6,
    )
    | junk
)


@given(stream_fields)
def test_an_entry_gives_its_fields_or_a_clean_message_error(fields: object) -> None:
    result = refuses_cleanly(read_fields, fields)
    if result is not None:
        assert isinstance(result, tuple)
        seq = cast("tuple[object, object]", result)[0]
        assert seq is None or (type(seq) is int and seq > 0)


@given(st.text(min_size=30, max_size=60))
def test_an_entry_is_refused_without_quoting_it(secret: str) -> None:
    raw = secret.encode("utf-8", "surrogatepass")
    for fields in ([raw, b"x"], [b"seq", raw, b"data", b"x"], [b"data", raw, raw, b"y", b"z"]):
        try:
            read_fields(fields)
        except MessageError as err:
            assert secret[:25] not in err.reason
            assert repr(raw)[:25] not in err.reason
        else:
            raise AssertionError(f"{fields!r} was read")
