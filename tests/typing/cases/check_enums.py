"""How user code sees the enums: checked by mypy against the shipped stubs."""

from typing import Literal

from typing_extensions import assert_type

from wsmessage import WSCloseCode, WSMsgType, is_valid_close_code

assert_type(WSMsgType.TEXT, Literal[WSMsgType.TEXT])
assert_type(WSCloseCode.OK, Literal[WSCloseCode.OK])
assert_type(is_valid_close_code(1000), bool)


def members(kind: WSMsgType, code: WSCloseCode) -> None:
    # mypy says int and str; pyright, the union of the members' literals.
    _value: int = kind.value
    _name: str = kind.name
    _number: int = code.value
    assert_type(WSMsgType(1), WSMsgType)
    assert_type(WSCloseCode(4000 - 3000), WSCloseCode)


assert_type(is_valid_close_code("anything"), bool)

code: int = WSCloseCode.GOING_AWAY  # an IntEnum is an int

# --- must fail -------------------------------------------------------------------
WSMsgType.TEXT = 5  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
WSCloseCode.NOT_A_CODE  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
name: str = WSMsgType.TEXT  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
