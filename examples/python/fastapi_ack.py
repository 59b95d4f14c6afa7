"""A FastAPI endpoint that takes an HL7 v2 message over HTTP and answers with its ACK.

Run it:  uvicorn fastapi_ack:app   (with the medcore package installed)
Send:    curl --data-binary @message.hl7 -H 'content-type: x-application/hl7-v2+er7' \
              http://127.0.0.1:8000/hl7

The message is parsed by medcore (in a worker thread, so the event loop stays free); a message
that parses is acknowledged with AA, one that does not gets AR and HTTP 400 with the error code
and location in MSA-3 and in the X-Medcore-Error header.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool

from medcore import MedcoreError, hl7

HL7_MEDIA_TYPE = "x-application/hl7-v2+er7"

app = FastAPI(title="HL7 v2 ACK endpoint")


def build_ack(
    msg: Optional[hl7.Message], code: str, text: str = "", control_id: str = "ACK"
) -> str:
    """An ACK for `msg` (or a bare one when the message could not be read)."""
    ack = hl7.MessageBuilder()
    now = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S+0000")
    if msg is not None:
        # Reply from the receiver to the sender: swap MSH-3/4 with MSH-5/6.
        for to, frm in (("MSH-3", "MSH-5"), ("MSH-4", "MSH-6"), ("MSH-5", "MSH-3"), ("MSH-6", "MSH-4")):
            ack.set(to, msg.get(frm, ""))
        ack.set("MSH-9-2", msg.message_type.trigger)
        ack.set("MSH-11", msg.get("MSH-11", "P"))
        ack.set("MSH-12", msg.version or "2.5")
        ack.set("MSA-2", msg.control_id or "")
    else:
        ack.set("MSH-11", "P")
        ack.set("MSH-12", "2.5")
    ack.set("MSH-7", now)
    ack.set("MSH-9-1", "ACK")
    ack.set("MSH-9-3", "ACK")
    ack.set("MSH-10", control_id)
    ack.set("MSA-1", code)
    if text:
        ack.set("MSA-3", text)
    return ack.encode()


@app.post("/hl7")
async def receive(request: Request) -> Response:
    body = await request.body()
    try:
        msg = await run_in_threadpool(hl7.parse, body)
    except MedcoreError as e:
        return Response(
            build_ack(None, "AR", f"{e.code}: {e}"),
            status_code=400,
            media_type=HL7_MEDIA_TYPE,
            headers={"X-Medcore-Error": e.code},
        )
    return Response(build_ack(msg, "AA"), media_type=HL7_MEDIA_TYPE)
