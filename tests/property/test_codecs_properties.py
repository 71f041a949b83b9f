"""Properties of the codecs over generated values and payloads."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    JsonCodec,
    MsgpackCodec,
    PayloadError,
    TextMessage,
    ValidationError,
    WSCloseCode,
)

from ..strategies import (
    Chat,
    Join,
    PChat,
    PEvent,
    PJoin,
    chats,
    check_error,
    events,
    json_values,
    p_events,
    schemas,
)

# --- round trips --------------------------------------------------------------------


@given(st.lists(events, max_size=3))
def test_structs_round_trip_through_json_and_msgpack(values: list[Chat | Join]) -> None:
    json_codec = JsonCodec(list[Chat | Join])
    msgpack_codec = MsgpackCodec(list[Chat | Join])
    assert json_codec.decode(json_codec.encode(values)) == values
    assert json_codec.decode(json_codec.encode_binary(values)) == values
    assert msgpack_codec.decode(msgpack_codec.encode(values)) == values


@given(st.lists(p_events, max_size=3))
def test_pydantic_models_round_trip_through_json_and_msgpack(values: list[PChat | PJoin]) -> None:
    json_codec = JsonCodec(list[PEvent])
    msgpack_codec = MsgpackCodec(list[PEvent])
    assert json_codec.decode(json_codec.encode(values)) == values
    assert json_codec.decode(json_codec.encode_binary(values)) == values
    assert msgpack_codec.decode(msgpack_codec.encode(values)) == values


@given(chats)
def test_json_of_a_struct_reads_the_same_into_either_codec_and_json(value: Chat) -> None:
    message = JsonCodec(Chat).encode(value)
    assert message.json(Chat) == value
    assert BinaryMessage(message.data.encode()).json(Chat) == value


# --- what does not fit: the errors, the size limit, the locations ----------------------


@given(schemas, json_values)
def test_valid_json_is_a_value_or_a_validation_error(schema: Any, value: Any) -> None:
    encoded = msgspec.json.encode(value)
    for message in (TextMessage(encoded.decode()), BinaryMessage(encoded)):
        try:
            JsonCodec(schema).decode(message)
        except ValidationError as err:
            check_error(err)
            assert err.errors
            for detail in err.errors:
                assert type(detail["loc"]) is tuple
                assert all(isinstance(step, str | int) for step in detail["loc"])
    try:
        MsgpackCodec(schema).decode(BinaryMessage(msgspec.msgpack.encode(value)))
    except ValidationError as err:
        check_error(err)


@given(st.text(), st.integers(0, 64))
def test_max_size_refuses_exactly_the_payloads_over_it(text: str, max_size: int) -> None:
    payload = msgspec.json.encode(text)
    codec = JsonCodec(str, max_size=max_size)
    for message in (TextMessage(payload.decode()), BinaryMessage(payload)):
        try:
            decoded = codec.decode(message)
        except PayloadError as err:
            assert err.close_code is WSCloseCode.MESSAGE_TOO_BIG
            assert len(payload) > max_size
        else:
            assert len(payload) <= max_size
            assert decoded == text


# Any name msgspec allows for a field (no backslash, quote or control
# character), but for one holding the mark that starts msgspec's path,
# which msgspec_detail looks for from the end, as the peer's values come
# before it.
# msgspec gives a location only as text after its own marks; a name that
# holds one loses its location (see _msgspec_detail), as the long fuzz run
# found for " - at `key` in `$". test_failures.py shows what such a name gets.
field_names = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters='\\"'), min_size=1
).filter(lambda name: " - at `$" not in name and " - at `key` in `$" not in name)


def without_separators(text: str) -> str:
    return text.replace(".", "").replace("[", "").replace("]", "")


@given(field_names)
def test_any_field_name_gives_a_location(name: str) -> None:
    odd = msgspec.defstruct("Odd", [("value", int, msgspec.field(name=name))])
    payload = msgspec.json.encode({name: "not an int"}).decode()
    try:
        JsonCodec(odd).decode(TextMessage(payload))
    except ValidationError as err:
        check_error(err)
        (detail,) = err.errors
        assert type(detail["loc"]) is tuple
        # Dots and brackets in a name may read as steps; nothing else is
        # lost or made up.
        joined = "".join(map(str, detail["loc"]))
        assert without_separators(joined) == without_separators(name)
    else:
        raise AssertionError("a str was taken for an int")
