"""MEDIA_ROOT (the generated PDFs) into the backup's tar.gz, and back: checked, extracted into a staging
directory inside MEDIA_ROOT, then swapped in by renames."""

import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from portfolio.backups.manifest import MEDIA_ARCHIVE, BackupError

MEDIA_PREFIX = "media"
# Restore extracts the media here, inside MEDIA_ROOT (so the final move is a rename on one file system,
# also when MEDIA_ROOT is a mounted volume), and never backs this directory up.
STAGING_PREFIX = ".gendannelse-"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def write_archive(target: Path) -> tuple[int, int]:
    """MEDIA_ROOT as media/… in a tar.gz; returns (files, bytes). A missing MEDIA_ROOT is an empty archive."""
    root = media_root()
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        top = tarfile.TarInfo(MEDIA_PREFIX)
        top.type, top.mode, top.mtime = tarfile.DIRTYPE, 0o755, int(timezone.now().timestamp())
        archive.addfile(top)
        if root.is_dir():
            for entry in sorted(root.iterdir()):
                if entry.name.startswith(STAGING_PREFIX):
                    continue
                archive.add(entry, arcname=f"{MEDIA_PREFIX}/{entry.name}")
        for member in archive.getmembers():
            if member.isfile():
                files += 1
                size += member.size
    return files, size


def check_archive(path: Path) -> None:
    """Every member readable and harmless (tarfile's data filter: no absolute paths, escapes, devices)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.name != MEDIA_PREFIX and not member.name.startswith(f"{MEDIA_PREFIX}/"):
                    raise BackupError(f"{MEDIA_ARCHIVE} indeholder {member.name!r} uden for {MEDIA_PREFIX}/.")
                tarfile.data_filter(member, "/nonexistent")
                if member.isfile():
                    # Reading every file checks the compressed stream to its end.
                    with archive.extractfile(member) as stream:
                        while stream.read(1 << 20):
                            pass
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{MEDIA_ARCHIVE} kan ikke læses: {error}") from None


def stage(path: Path) -> Path:
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        (staging / MEDIA_PREFIX).mkdir(exist_ok=True)
    except (OSError, tarfile.TarError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"Filerne kunne ikke pakkes ud i {root}: {error}. Intet er ændret.") from None
    return staging


def swap(staging: Path) -> None:
    """Replace MEDIA_ROOT's contents with the staged files: renames on one file system."""
    root = media_root()
    for entry in root.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in (staging / MEDIA_PREFIX).iterdir():
        entry.rename(root / entry.name)
    shutil.rmtree(staging)
