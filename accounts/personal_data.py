"""Where personal data lives outside accounts, for "download my data" and "delete my account".

accounts knows no other app, so each app that keeps personal data registers what it holds for an email
address at start-up (its AppConfig.ready): an exporter returning JSON-ready data, and an eraser.
"""

from collections.abc import Callable

Exporter = Callable[[str], object]
Eraser = Callable[[str], None]

_holders: dict[str, tuple[Exporter, Eraser]] = {}


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    _holders[name] = (export, erase)


def export_for(email: str) -> dict[str, object]:
    return {name: export(email) for name, (export, _) in sorted(_holders.items())}


def erase_for(email: str) -> None:
    for _, erase in _holders.values():
        erase(email)
