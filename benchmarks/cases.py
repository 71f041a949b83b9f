"""The rows: each of our operations beside the anchor DESIGN.md compares it with."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import aiohttp
import msgspec
import pydantic

import wsmessage
from wsmessage import BinaryMessage, JsonCodec, TextMessage

from . import payloads as p
from .handler_cases import handler_rows
from .harness import MemoryPair, Pair

TEXT_150 = "x" * 150


class Envelope(msgspec.Struct):
    """A Struct of the envelope's shape: the anchor for from_dict and from_json."""

    type: str
    data: str
    extra: None = None


def _codec_rows() -> list[Pair]:
    rows: list[Pair] = []
    for size, payload, schema, model in [
        ("150 B", p.CHAT_150B, p.Chat, p.ChatModel),
        ("2 KB", p.PAGE_2KB, p.Page, p.PageModel),
        ("100 KB", p.PAGE_100KB, p.Page, p.PageModel),
    ]:
        target = {"150 B": 1.25, "100 KB": 1.05}.get(size)
        rows.append(
            Pair(
                group="decode with msgspec",
                name=f"JsonCodec(Struct).decode(msg), {size}",
                ours="codec.decode(msg)",
                anchor="decoder.decode(s)",
                anchor_name="msgspec Decoder(Struct).decode(s)",
                namespace={
                    "codec": JsonCodec(schema),
                    "msg": TextMessage(payload),
                    "decoder": msgspec.json.Decoder(schema),
                    "s": payload,
                },
                target=target,
            )
        )
        rows.append(
            Pair(
                group="decode with pydantic",
                name=f"JsonCodec(Model).decode(msg), {size}",
                ours="codec.decode(msg)",
                anchor="adapter.validate_json(s)",
                anchor_name="TypeAdapter(Model).validate_json(s)",
                namespace={
                    "codec": JsonCodec(model),
                    "msg": TextMessage(payload),
                    "adapter": pydantic.TypeAdapter(model),
                    "s": payload,
                },
                target=1.1,
            )
        )
    rows.append(
        Pair(
            group="decode with msgspec",
            name="msg.json(Struct), 150 B",
            ours="msg.json(Chat)",
            anchor="decoder.decode(s)",
            anchor_name="msgspec Decoder(Struct).decode(s)",
            namespace={
                "Chat": p.Chat,
                "msg": TextMessage(p.CHAT_150B),
                "decoder": msgspec.json.Decoder(p.Chat),
                "s": p.CHAT_150B,
            },
            target=1.35,
        )
    )
    rows.append(
        Pair(
            group="decode with msgspec",
            name="JsonCodec(Struct).decode(binary msg), 150 B",
            ours="codec.decode(msg)",
            anchor="decoder.decode(b)",
            anchor_name="msgspec Decoder(Struct).decode(b)",
            namespace={
                "codec": JsonCodec(p.Chat),
                "msg": BinaryMessage(p.CHAT_150B.encode()),
                "decoder": msgspec.json.Decoder(p.Chat),
                "b": p.CHAT_150B.encode(),
            },
        )
    )
    events = {f"m{i}": TextMessage(text) for i, text in enumerate(p.EVENTS)}
    texts = {f"s{i}": text for i, text in enumerate(p.EVENTS)}
    rows.append(
        Pair(
            group="decode with msgspec",
            name="JsonCodec(A | B | C).decode(msg), 3 kinds",
            ours="codec.decode(m0); codec.decode(m1); codec.decode(m2)",
            anchor="decoder.decode(s0); decoder.decode(s1); decoder.decode(s2)",
            anchor_name="msgspec Decoder(A | B | C).decode(s)",
            namespace={
                "codec": JsonCodec(p.Event),
                "decoder": msgspec.json.Decoder(p.Event),
                **events,
                **texts,
            },
        )
    )
    rows.append(
        Pair(
            group="decode with pydantic",
            name="JsonCodec(Annotated[A | B | C, discriminator]).decode(msg), 3 kinds",
            ours="codec.decode(m0); codec.decode(m1); codec.decode(m2)",
            anchor=(
                "adapter.validate_json(s0); adapter.validate_json(s1); adapter.validate_json(s2)"
            ),
            anchor_name="TypeAdapter(union).validate_json(s)",
            namespace={
                "codec": JsonCodec(p.EventModel),
                "adapter": pydantic.TypeAdapter(p.EventModel),
                **events,
                **texts,
            },
        )
    )
    return rows


def _today_rows() -> list[Pair]:
    """Ours against what handler authors write today with aiohttp."""
    raw = aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, p.CHAT_150B, None)

    def row(name: str, schema: Any, anchor: str, anchor_name: str, **names: Any) -> Pair:
        return Pair(
            group="against handlers today",
            name=name,
            ours="codec.decode(msg)",
            anchor=anchor,
            anchor_name=anchor_name,
            namespace={"codec": JsonCodec(schema), "msg": TextMessage(p.CHAT_150B), **names},
        )

    return [
        row(
            "JsonCodec(Model).decode(msg), 150 B",
            p.ChatModel,
            "ChatModel.model_validate(raw.json())",
            "aiohttp msg.json() + pydantic model_validate",
            raw=raw,
            ChatModel=p.ChatModel,
        ),
        row(
            "JsonCodec(Struct).decode(msg), 150 B",
            p.Chat,
            "check_chat(raw.json())",
            "aiohttp msg.json() + hand-written isinstance checks",
            raw=raw,
            check_chat=p.check_chat,
        ),
        row(
            "JsonCodec(Struct).decode(msg), 150 B, vs json.loads",
            p.Chat,
            "check_chat(loads(s))",
            "json.loads + hand-written isinstance checks",
            s=p.CHAT_150B,
            loads=json.loads,
            check_chat=p.check_chat,
        ),
    ]


def _model_rows() -> list[Pair]:
    aiohttp_names = {"AioMessage": aiohttp.WSMessage, "TEXT": aiohttp.WSMsgType.TEXT}
    return [
        Pair(
            group="messages",
            name="TextMessage(s), validated",
            ours="TextMessage(s)",
            anchor="AioMessage(TEXT, s, None)",
            anchor_name="aiohttp WSMessage(TEXT, s, None), not validated",
            namespace={"TextMessage": TextMessage, "s": TEXT_150, **aiohttp_names},
            target=0.5,
        ),
        Pair(
            group="messages",
            name="make_message(TEXT, s)",
            ours="make_message(TEXT, s)",
            anchor="AioMessage(TEXT, s, None)",
            anchor_name="aiohttp WSMessage(TEXT, s, None), not validated",
            namespace={"make_message": wsmessage.make_message, "s": TEXT_150, **aiohttp_names},
        ),
        Pair(
            group="messages",
            name="make_message(TEXT, b) from bytes",
            ours="make_message(TEXT, b)",
            anchor="AioMessage(TEXT, b.decode(), None)",
            anchor_name="aiohttp WSMessage(TEXT, b.decode(), None)",
            namespace={
                "make_message": wsmessage.make_message,
                "b": TEXT_150.encode(),
                **aiohttp_names,
            },
        ),
    ]


def _serialize_rows() -> list[Pair]:
    message = TextMessage(TEXT_150)
    as_dict: dict[str, Any] = {"type": "text", "data": TEXT_150, "extra": None}
    as_json = msgspec.json.encode(as_dict)
    as_msgpack = msgspec.msgpack.encode(as_dict)
    names = {
        "wsmessage": wsmessage,
        "msgspec": msgspec,
        "Envelope": Envelope,
        "msg": message,
        "d": as_dict,
        "j": as_json,
        "mp": as_msgpack,
        "json_decoder": msgspec.json.Decoder(Envelope),
        "msgpack_decoder": msgspec.msgpack.Decoder(Envelope),
    }
    return [
        Pair(
            group="serializers",
            name="from_dict(d)",
            ours="wsmessage.from_dict(d)",
            anchor="msgspec.convert(d, type=Envelope)",
            anchor_name="msgspec.convert(d, type=OneStruct)",
            namespace=names,
            target=1.5,
        ),
        Pair(
            group="serializers",
            name="to_dict(msg)",
            ours="wsmessage.to_dict(msg)",
            anchor="msgspec.structs.asdict(msg)",
            anchor_name="msgspec.structs.asdict(msg)",
            namespace=names,
        ),
        Pair(
            group="serializers",
            name='to_dict(msg, mode="json")',
            ours='wsmessage.to_dict(msg, mode="json")',
            anchor="msgspec.to_builtins(msg)",
            anchor_name="msgspec.to_builtins(msg)",
            namespace=names,
        ),
        Pair(
            group="serializers",
            name="to_json(msg)",
            ours="wsmessage.to_json(msg)",
            anchor="msgspec.json.encode(msg)",
            anchor_name="msgspec.json.encode(msg)",
            namespace=names,
            target=1.3,
        ),
        Pair(
            group="serializers",
            name="from_json(b)",
            ours="wsmessage.from_json(j)",
            anchor="json_decoder.decode(j)",
            anchor_name="msgspec Decoder(OneStruct).decode(b)",
            namespace=names,
        ),
        Pair(
            group="serializers",
            name="to_msgpack(msg)",
            ours="wsmessage.to_msgpack(msg)",
            anchor="msgspec.msgpack.encode(msg)",
            anchor_name="msgspec.msgpack.encode(msg)",
            namespace=names,
            target=1.3,
        ),
        Pair(
            group="serializers",
            name="from_msgpack(b)",
            ours="wsmessage.from_msgpack(mp)",
            anchor="msgpack_decoder.decode(mp)",
            anchor_name="msgspec msgpack Decoder(OneStruct).decode(b)",
            namespace=names,
        ),
    ]


def _encode_rows() -> list[Pair]:
    value = msgspec.json.decode(p.CHAT_150B, type=p.Chat)
    model = p.ChatModel.model_validate_json(p.CHAT_150B)
    struct_names = {
        "codec": JsonCodec(p.Chat),
        "encoder": msgspec.json.Encoder(),
        "value": value,
        "TextMessage": TextMessage,
    }

    def struct_row(anchor: str, anchor_name: str, target: float | None = None) -> Pair:
        return Pair(
            group="encode",
            name="JsonCodec(Struct).encode(value), 150 B",
            ours="codec.encode(value)",
            anchor=anchor,
            anchor_name=anchor_name,
            namespace=struct_names,
            target=target,
        )

    return [
        struct_row("encoder.encode(value)", "msgspec Encoder().encode(value)"),
        struct_row("encoder.encode(value).decode()", "msgspec Encoder().encode(value).decode()"),
        struct_row(
            "TextMessage(encoder.encode(value).decode())",
            "TextMessage(encoder.encode(value).decode()) built by hand",
            target=1.05,
        ),
        Pair(
            group="encode",
            name="JsonCodec(Model).encode(value), 150 B",
            ours="codec.encode(value)",
            anchor="adapter.dump_json(value)",
            anchor_name="TypeAdapter(Model).dump_json(value)",
            namespace={
                "codec": JsonCodec(p.ChatModel),
                "adapter": pydantic.TypeAdapter(p.ChatModel),
                "value": model,
            },
        ),
    ]


GROUPS = (
    "messages",
    "decode with msgspec",
    "decode with pydantic",
    "against handlers today",
    "serializers",
    "encode",
    "handlers",
)


def pairs(resources: contextlib.ExitStack) -> list[Pair]:
    """Every timed row, grouped in the order the report shows them.

    The handler rows hold connections and processes, which ``resources``
    releases.
    """
    rows = [
        *_model_rows(),
        *_codec_rows(),
        *_today_rows(),
        *_serialize_rows(),
        *_encode_rows(),
        *handler_rows(resources),
    ]
    return sorted(rows, key=lambda pair: GROUPS.index(pair.group))


def memory_pairs() -> list[MemoryPair]:
    """Memory rows: bytes per message, against aiohttp's WSMessage."""
    return [
        MemoryPair(
            name="memory per TextMessage",
            ours=lambda: TextMessage(TEXT_150),
            anchor=lambda: aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, TEXT_150, None),
            anchor_name="aiohttp WSMessage",
            target=48,
        ),
    ]
