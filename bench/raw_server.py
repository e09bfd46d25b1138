"""The raw baseline for sync: an HTTP POST of the same bytes into a plain SQLite table.

Same stack as the portal (FastAPI on uvicorn, SQLite in WAL with synchronous=FULL), no
protocol: parse nothing, check nothing, one row per request.
"""

from __future__ import annotations

import sqlite3
import sys

import uvicorn
from fastapi import FastAPI, Request

app = FastAPI()
DB: sqlite3.Connection | None = None


@app.get("/health")
def health() -> dict:
    return {"ok": True}


@app.post("/raw")
async def raw(request: Request) -> dict:
    body = await request.body()
    DB.execute("BEGIN IMMEDIATE")
    DB.execute("INSERT INTO raw (body) VALUES (?)", (body,))
    DB.execute("COMMIT")
    return {"stored": len(body)}


def main(path: str, port: int) -> None:
    global DB
    DB = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    DB.execute("PRAGMA journal_mode=WAL")
    DB.execute("PRAGMA synchronous=FULL")
    DB.execute("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body BLOB)")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
