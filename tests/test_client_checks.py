"""Bad input is refused locally, before any network call, with the protocol's words."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from nemo_skill import ConfigError, FileTooLarge, InputError, UnsupportedFileType
from nemo_skill.client.upload import check_file
from nemo_skill.files import check_output_path
from nemo_skill.models.media_types import sniff
from nemo_skill.runtime import Runtime


def jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buf, "JPEG")
    return buf.getvalue()


def test_unknown_skill_names_the_known_ones(nemo_home: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Runtime("no-such-skill")
    assert "unknown skill 'no-such-skill'" in str(info.value)
    assert "free-photo-to-video-ai" in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        check_file(tmp_path / "nope.jpg", max_file_mb=10)
    with pytest.raises(InputError, match="is a folder, not a file"):
        check_file(tmp_path, max_file_mb=10)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "locked.jpg"
    photo.write_bytes(jpeg_bytes())
    photo.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        real_open = Path.open

        def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            if self == photo:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match="cannot be read \\(permission denied\\)"):
        check_file(photo, max_file_mb=10)


def test_unsupported_extension_and_renamed_text_file(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text("hello")
    with pytest.raises(UnsupportedFileType) as info:
        check_file(doc, max_file_mb=10)
    assert info.value.code == 4001 and "accepted: mp4, mov" in str(info.value)
    fake = tmp_path / "fake.jpg"
    fake.write_text("not a picture at all")
    with pytest.raises(UnsupportedFileType, match="does not contain a JPG file"):
        check_file(fake, max_file_mb=10)


def test_over_the_skills_size_limit(tmp_path: Path, nemo_home: Path) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as handle:  # sparse: 201 MB on paper, a few KB on disk
        handle.write(jpeg_bytes())
        handle.truncate(201 * 1024 * 1024)
    runtime = Runtime("free-photo-to-video-ai", api_base="http://127.0.0.1:9")  # never contacted
    with pytest.raises(FileTooLarge) as info:
        runtime.check_files([big])
    assert info.value.code == 4002
    assert "over this skill's 200 MB limit" in str(info.value) and "compress" in str(info.value)
    # The photographer skill allows 500 MB.
    assert (
        Runtime("photographer-video", api_base="http://127.0.0.1:9").check_files([big])[0].size
        == big.stat().st_size
    )


def test_accepted_content_is_sniffed(tmp_path: Path) -> None:
    def container(head: bytes) -> str | None:
        found = sniff(head)
        return found.container if found is not None else None

    assert container(jpeg_bytes()) == "jpeg"
    assert container(b"\x00\x00\x00\x18ftypmp42") == "isobmff"
    assert container(b"\x00\x00\x00\x18ftypheic") == "heic"
    assert container(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert container(b"ID3\x04") == "mp3"
    assert container(b"hello") is None
    png = tmp_path / "a.png"
    Image.new("RGB", (8, 8)).save(png)
    assert check_file(png, max_file_mb=1).extension == "png"


def test_output_path_checks(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        check_output_path(tmp_path / "missing" / "out.mp4", force=False)
    existing = tmp_path / "out.mp4"
    existing.write_bytes(b"old")
    with pytest.raises(InputError, match="already exists") as info:
        check_output_path(existing, force=False)
    assert "--force" in str(info.value)
    assert check_output_path(existing, force=True) == existing
    if os.geteuid() == 0:
        unwritable = Path("/sys/out.mp4")  # not writable even for root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        unwritable = locked / "out.mp4"
    with pytest.raises(InputError, match="cannot write into"):
        check_output_path(unwritable, force=False)


def test_storyboard_copies_keep_the_users_file_name_safely() -> None:
    from nemo_skill.client.storyboard import local_name

    assert local_name("IMG_0042.JPG") == "IMG_0042.JPG"
    assert local_name("../../etc/passwd") == "passwd"
    assert local_name("C:\\photos\\a.png") == "a.png"
    assert local_name("nul\x00.jpg") == "nul_.jpg"
    assert local_name("..") == "media"
