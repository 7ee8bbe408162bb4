"""One sniffer (nemo_skill/models/media_types.py) for the client's checks, the backend's
uploads and the renderer's media folder: the three judge a file alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_skill.models.media_types import ACCEPTED_EXTENSIONS, content_fits_extension, file_kind, sniff

OLD_QUICKTIME = b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat"
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00"
MP42 = b"\x00\x00\x00\x18ftypmp42"
AVIF = b"\x00\x00\x00\x1cftypavif"


def test_the_protocols_list_in_its_order() -> None:
    assert ACCEPTED_EXTENSIONS == (
        "mp4", "mov", "avi", "webm", "mkv", "jpg", "jpeg", "png", "gif", "webp", "heic",
        "mp3", "wav", "m4a", "aac",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("head", "kind", "ext"),
    [(OLD_QUICKTIME, "av", "mov"), (M4A, "av", "m4a"), (MP42, "av", "mp4"), (AVIF, "image", "heic")],
)
def test_content_names_the_extension(head: bytes, kind: str, ext: str) -> None:
    found = sniff(head)
    assert found is not None and (found.kind, found.ext) == (kind, ext)


def test_a_name_fits_its_content_family() -> None:
    assert content_fits_extension("mov", sniff(OLD_QUICKTIME))  # the backend stores these too
    assert content_fits_extension("m4a", sniff(MP42)) and content_fits_extension("AAC", sniff(M4A))
    assert not content_fits_extension("mp4", sniff(AVIF))  # a HEIF image named .mp4
    assert not content_fits_extension("bmp", sniff(b"BM\x00\x00"))
    assert not content_fits_extension("jpg", None)


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("song.m4a", MP42, "audio"),  # an MP4 box holds audio or video: the name decides
        ("clip.mp4", MP42, "video"),
        ("voice.m4a", M4A, "audio"),
        ("scan.bmp", b"BM\x00\x00\x00\x00", "image"),
        ("track.flac", b"fLaC\x00\x00\x00\x22", "audio"),
        ("photo.dat", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),  # content beats the name
        ("notes.txt", b"hello", None),
    ],
)
def test_the_renderer_reads_a_folder_by_content_then_by_name(
    tmp_path: Path, name: str, head: bytes, kind: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(head + b"\x00" * 64)
    assert file_kind(path) == kind
