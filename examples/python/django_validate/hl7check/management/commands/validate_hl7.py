"""`manage.py validate_hl7 FILE...`: checks HL7 v2 files (single messages or batch files).

For each file it prints one line per message (type, control id, segment count) and every
warning and error with its code and location. The exit status is 1 when any file has an
error, so the command can gate an import job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medcore import hl7


class Command(BaseCommand):
    help = "Validate HL7 v2 files (messages or FHS/BHS batch files) with medcore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["files"]:
            try:
                data = path.read_bytes()
            except OSError as e:
                self.stderr.write(f"{path}: cannot read: {e}")
                failed += 1
                continue
            batch = hl7.parse_batch(data)
            for i, msg in enumerate(batch, 1):
                t = msg.message_type
                self.stdout.write(
                    f"{path} #{i}: {t.code}^{t.trigger} control id {msg.control_id} "
                    f"({len(msg)} segments)"
                )
                for w in msg.warnings:
                    self.stdout.write(f"  warning {w.code}: line {w.line}: {w.message}")
            for w in batch.warnings:
                self.stdout.write(f"  warning {w.code}: line {w.line}: {w.message}")
            for e in batch.errors:
                self.stdout.write(f"  error {e.code}: {e}")
            bad = bool(batch.errors) or not batch.messages
            if not batch.messages and not batch.errors:
                self.stdout.write(f"  error: {path} holds no HL7 message")
            failed += bad
            self.stdout.write(f"{path}: {'INVALID' if bad else 'ok'}")
        if failed:
            raise CommandError(f"{failed} file(s) failed validation", returncode=1)
