"""A webhook receiver for the outbox benchmark, as a provider would run one: every
message's Standard Webhooks signature verified, then 204. `GET /count` says how
many arrived, how many distinct `webhook-id`s, and when the first and the last
arrived (seconds since the epoch).

    python bench/receiver.py --port 8100 --secret whsec_...
"""

from __future__ import annotations

import argparse
import time

import uvicorn
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["create_app"]


def create_app(secret: str) -> Starlette:
    verifier = Webhook(secret)
    ids: list[str] = []
    arrived: list[float] = []
    refused = 0

    async def hook(request: Request) -> Response:
        nonlocal refused
        try:
            verifier.verify(await request.body(), dict(request.headers))
        except Exception:
            refused += 1
            return Response(status_code=400)
        ids.append(request.headers["webhook-id"])
        arrived.append(time.time())
        return Response(status_code=204)

    async def count(request: Request) -> Response:
        return JSONResponse(
            {
                "received": len(ids),
                "distinct": len(set(ids)),
                "refused": refused,
                "first": arrived[0] if arrived else None,
                "last": arrived[-1] if arrived else None,
            }
        )

    return Starlette(
        routes=[Route("/hook", hook, methods=["POST"]), Route("/count", count, methods=["GET"])]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.secret), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
