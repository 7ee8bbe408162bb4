"""The built-in music library: pieces composed and synthesised here, deterministically.

Ten moods, the ones the interpreter can choose: romantic, cinematic, upbeat, calm and
lofi (pads, a bass, an arpeggio or slow melody, soft drums for the rhythmic two, vinyl
crackle for lofi); sad (a slow minor progression under a warm pad and a sparse felt
piano); piano (a solo piano with inharmonic, two-stage-decay strings, a pedalled broken
chord and a melody); jazz (rootless ninth and thirteenth chords over ii-V-I-VI, a walking
upright bass, brushes and a swung ride, a vibraphone head); acoustic (Karplus-Strong
guitar strumming a folk progression, a fingerpicked melody, shaker); electronic (four-on-
the-floor kick, filtered supersaw chords pumped by a sidechain, an arpeggiator, offbeat
bass). Each is rendered with numpy and cached as a 48 kHz stereo WAV. Reverb is a
circular convolution and every note past the end wraps to the start, so the loop has no
seam. Referenced from drafts as ``library:<mood>``. No samples, no downloads.

* :mod:`.moods` - what each mood's piece is made of;
* :mod:`.dsp` - envelopes, reverb, sidechain, limiter, filters, wavetables;
* :mod:`.instruments` - the voices and kits, one function of a note each;
* :mod:`.arrangements` - the arrangers that write a mood's parts into a song;
* :mod:`.library` - compose, synthesise and cache a mood's loop.
"""

from __future__ import annotations

from .dsp import SAMPLE_RATE
from .library import beat_period, library_track, save_wav, synthesize
from .moods import Mood

__all__ = ["SAMPLE_RATE", "Mood", "beat_period", "library_track", "save_wav", "synthesize"]
