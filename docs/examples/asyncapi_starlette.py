"""The chat's AsyncAPI document served by Starlette: ``uvicorn asyncapi_starlette:app``.

Read it at http://127.0.0.1:8000/asyncapi.json; add the route to an app of
your own as it is. A response is an ASGI app: this one is encoded once and
sent to every request.
"""

from __future__ import annotations

from chat_protocol import CHAT
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from wsmessage.asyncapi import document

ASYNCAPI = document(CHAT, title="Chat", version="1.0.0")

app = Starlette(routes=[Route("/asyncapi.json", JSONResponse(ASYNCAPI), methods=["GET"])])
