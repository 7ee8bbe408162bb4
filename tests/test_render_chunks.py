"""A render split into frame ranges (chunks) and joined: any frame from the draft alone,
chunks that join by stream copy, frame-exact joins with one soundtrack, local processes."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest
from backend_helpers import mp4_file
from conftest import cli
from scale_helpers import frame_offsets, video_facts
from test_render_util import draft, leftovers, textured, write_wav

from nemo_skill import Cancelled, ConfigError
from nemo_skill.models.draft import Draft
from nemo_skill.render import DirectoryResolver, render_draft
from nemo_skill.render.chunks import (
    ChunkJob,
    MapResolver,
    local_ranges,
    queue_chunks,
    render_chunk,
    split_frames,
)
from nemo_skill.render.colour import frame_views
from nemo_skill.render.compositor import Compositor
from nemo_skill.render.plan import frame_count, make_plan

pytestmark = pytest.mark.slow  # renders


@pytest.fixture(scope="module")
def album(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("album")
    for i in range(3):
        textured(480, 320, seed=i).save(root / f"p{i}.jpg", quality=90)
    write_wav(root / "song.wav", 6.0)
    mp4_file(root / "clip.mp4", seconds=3.0, fps=10, size=(64, 48))  # every frame a different grey
    return root


def _draft(album: Path) -> Draft:
    """Photos with motion and 400 ms fades, a 2.4 s clip between them, music and a title."""
    d = draft(
        ["p0", "clip.mp4", "p1", "p2"],
        seg_ms=800,
        tr="fade",
        tr_ms=400,
        kb={"on": True, "dir": "auto", "amount": 0.2},
        music="song.wav",
        texts=[{"st": 0, "d": 1500, "m": {"text": "Urban Dreams"}}],
    )
    d.t[0].sg[1].d = 2400  # the clip plays long enough for a chunk to start 1 s+ into it
    for i, seg in enumerate(d.t[0].sg):
        seg.st = sum(s.d for s in d.t[0].sg[:i])
    d.t[1].sg[0].d = sum(s.d for s in d.t[0].sg)
    return d


def _compose(plan_frames: list[int], album: Path, d: Draft) -> list[bytes]:
    plan = make_plan(d, DirectoryResolver(album))
    comp = Compositor(plan)
    out = []
    try:
        for n in plan_frames:
            buf = np.empty(plan.width * plan.height * 3 // 2, dtype=np.uint8)
            comp.compose(comp.time_of(n), frame_views(buf, plan.width, plan.height))
            out.append(buf.tobytes())
    finally:
        comp.close()
    return out


def test_any_frame_is_drawn_the_same_from_a_fresh_start(album: Path) -> None:
    """What makes a chunk boundary possible anywhere: frame n composed by a compositor that
    starts at n is bit-identical to frame n composed after all the frames before it."""
    d = _draft(album)
    plan = make_plan(d, DirectoryResolver(album))
    n = plan.n_frames
    in_order = _compose(list(range(n)), album, d)
    fps = plan.fps
    picks = {
        round(0.75 * fps),  # inside the first fade (p0 -> clip)
        round(2.2 * fps),  # 1.4 s into the clip: the reader seeks instead of decoding from its start
        round(3.2 * fps),  # inside the fade clip -> p1
        round(4.45 * fps),  # inside the fade p1 -> p2, past the title
        n - 1,
    }
    for k in sorted(picks):
        assert _compose([k], album, d)[0] == in_order[k], f"frame {k} differs when the render starts there"
    assert len({in_order[k] for k in picks}) == len(picks)  # the picks are different pictures


def test_the_first_frame_is_readied_on_two_threads_and_drawn_the_same(album: Path) -> None:
    """begin(): the first frame's photo goes to the prefetch thread while its title is
    placed on the caller's; the frame is then bit-identical to one drawn without it."""
    d = _draft(album)
    plan = make_plan(d, DirectoryResolver(album))
    k = round(0.3 * plan.fps)  # under the title, before the first fade
    comp = Compositor(plan)
    try:
        comp.begin(comp.time_of(k))
        assert list(comp._placements) == [0]  # the title, placed
        assert list(comp._futures) == [0] and not comp._ready  # its photo, on the prefetch thread
        buf = np.empty(plan.width * plan.height * 3 // 2, dtype=np.uint8)
        comp.compose(comp.time_of(k), frame_views(buf, plan.width, plan.height))
    finally:
        comp.close()
    assert buf.tobytes() == _compose([k], album, d)[0]


def test_chunks_start_on_keyframes_with_identical_stream_settings(album: Path, tmp_path: Path) -> None:
    d = _draft(album)
    media = MapResolver.of(DirectoryResolver(album), d.media_ids())
    n, _ = frame_count(d)
    ranges = [(0, 7), (7, 40), (40, n)]  # boundaries inside a fade and inside the clip
    extradata = []
    for i, (first, end) in enumerate(ranges):
        out = tmp_path / f"c{i}.mp4"
        render_chunk(ChunkJob(d.dump(), media, "high", first, end, out), threading.Event())
        with av.open(str(out)) as c:
            v = c.streams.video[0]
            assert not c.streams.audio, "chunks are video only"
            packets = [p for p in c.demux(v) if p.size]
            assert len(packets) == end - first
            assert packets[0].is_keyframe
            extradata.append(bytes(v.codec_context.extradata or b""))
    assert extradata[0] and extradata.count(extradata[0]) == 3, "SPS/PPS differ: the join would break"


def test_split_render_is_frame_exact_with_one_soundtrack(album: Path, tmp_path: Path) -> None:
    d = _draft(album)
    single, split = tmp_path / "single.mp4", tmp_path / "split.mp4"
    render_draft(d, DirectoryResolver(album), single, processes=1, cache_dir=tmp_path)
    seen: list[float] = []
    result = render_draft(
        d, DirectoryResolver(album), split, processes=3, cache_dir=tmp_path, progress=seen.append
    )
    n, fps = frame_count(d)
    facts = video_facts(split, loud_from=0.6, loud_to=result.duration_s - 2.1)
    assert facts.frames == n == round(d.t[1].sg[0].d * fps / 1000)
    assert len(facts.pts_steps) == 1, "frames evenly spaced across the joins"
    starts = [first for first, _ in split_frames(n, 3)]
    assert set(starts) <= set(facts.keyframes), "every chunk starts on a keyframe"
    assert abs(facts.audio_s - facts.video_s) <= 1024 / 48000, "sound as long as the picture (one AAC frame)"
    assert facts.audio_gaps == 0 and facts.quiet_windows == [], "the sound runs on through the joins"
    assert set(frame_offsets(split, single)) == {0}, (
        "each frame shows the same moment as the one-process render"
    )
    assert seen == sorted(seen) and seen[-1] == 100.0 and len(seen) > 3
    assert leftovers(tmp_path) == []


def test_cancel_stops_every_chunk_process_and_leaves_nothing(album: Path, tmp_path: Path) -> None:
    d = _draft(album)
    cancel = threading.Event()

    def progress(pct: float) -> None:
        if pct >= 10:
            cancel.set()

    with pytest.raises(Cancelled):
        render_draft(
            d, DirectoryResolver(album), tmp_path / "v.mp4", processes=3, progress=progress, cancel=cancel
        )
    assert leftovers(tmp_path) == [] and not (tmp_path / "v.mp4").exists()


def test_how_renders_are_split(monkeypatch: pytest.MonkeyPatch) -> None:
    from nemo_skill.render import chunks

    assert split_frames(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert split_frames(2, 5) == [(0, 1), (1, 2)]
    monkeypatch.delenv(chunks.ENV_PROCESSES, raising=False)
    monkeypatch.setattr(chunks, "_cores", lambda: 2)
    assert local_ranges(900, 30) == [(0, 900)], "two cores: one process, as before"
    monkeypatch.setattr(chunks, "_cores", lambda: 8)
    assert len(local_ranges(900, 30)) == 4, "eight cores: four chunks of two cores each"
    assert len(local_ranges(90, 30)) == 1, "a 3 s video is not worth splitting"
    monkeypatch.setenv(chunks.ENV_PROCESSES, "3")
    assert len(local_ranges(30, 15)) == 3, "a forced count is taken as it is"
    assert queue_chunks(900, 30, workers=2, longest_s=30) == 2
    assert queue_chunks(5400, 30, workers=2, longest_s=30) == 6
    assert queue_chunks(5400, 30, workers=64, longest_s=30) == 64
    assert queue_chunks(5400, 30, workers=0, longest_s=30) == 6
    assert queue_chunks(20, 30, workers=8, longest_s=30) == 1


def test_a_bad_process_count_is_one_clear_line(
    album: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEMO_RENDER_PROCESSES", "lots")
    with pytest.raises(ConfigError, match="NEMO_RENDER_PROCESSES='lots' is not a number"):
        local_ranges(100, 15)
    d = tmp_path / "d.json"
    d.write_text(_draft(album).model_dump_json(by_alias=True, exclude_none=True))
    result = cli("render", d, "--media", album, "-o", tmp_path / "out.mp4")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: NEMO_RENDER_PROCESSES='lots' is not a number (use auto or 1-64)"
    ]
    assert not (tmp_path / "out.mp4").exists()
