"""The vocabulary the tagger knows, English and Chinese, as data.

Each entry is a regular expression over the normalised text (lower case, digits as
digits, quotes lifted out) and what a match is:

* a **noun** heads a phrase: ``music``, ``transition``, ``video``, ``photo``, the text
  roles, ``motion``, ``filter``, ``pace``, ``length``, ``volume``, ``order``;
* a **modifier** has *senses*, one per kind of head it can describe: "soft" is calm
  music, a soft transition, gentler motion; the attachment rules pick the sense of the
  head it binds to (a word can be both: "crossfades" is a transition with a kind);
* the other kinds (verbs, negation, scope words, shapes, platforms, ...) carry a value.

English patterns get word boundaries (:func:`en`); Chinese ones match anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..edits import COLOURS
from .refs import EXCEPT_EN


def longest_first(pattern: str) -> str:
    """The top-level alternatives of ``pattern``, longer ones first: a regex alternation
    takes the first that matches, and "title cards" must win over "title"."""
    parts: list[str] = []
    depth, start, escaped = 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return "|".join(sorted(parts, key=len, reverse=True))


def en(pattern: str) -> str:
    """An English alternative between word boundaries (a CJK neighbour is a boundary too)."""
    return rf"(?<![a-z0-9])(?:{longest_first(pattern)})(?![a-z0-9])"


@dataclass(frozen=True)
class Entry:
    pattern: str
    kind: str
    value: Any = None
    noun: str | None = None
    senses: dict[str, Any] = field(default_factory=dict)


def noun(category: str, pattern: str, **senses: Any) -> Entry:
    return Entry(pattern, "lex", noun=category, senses=senses)


def mod(pattern: str, **senses: Any) -> Entry:
    return Entry(pattern, "lex", senses=senses)


def word(kind: str, value: Any, pattern: str) -> Entry:
    return Entry(pattern, kind, value)


TEXT_ROLES = ("title", "subtitle", "caption", "endcard", "text")

NOUNS: tuple[Entry, ...] = (
    noun("video", en(r"videos?|vidoes?|vedios?|viedos?|clips?|movies?|films?|slide ?shows?|slidshows?|slideshw|teasers?|reels?|montages?|vlogs?|invitations?|trailers?"
                     r"|highlights?|recaps?|stor(?:y|ies)|versions?")
         + r"|视频|短片|影片|相册|幻灯片|短视频|邀请函|请柬|片子|成片"),
    noun("photo", en(r"photo(?:graph)?s?|pictures?|pics?|images?|shots?|portraits?|snaps(?:hots?)?|snapshots?|stills")
         + r"|照片|图片|相片|图(?!片)"),
    noun("photo", en(r"slides?"), transition="slideleft"),
    noun("transition", en(r"transitions?|cuts|changes between|transition (?:length|duration|time|speed)s?")
         + r"|转场时长|转场时间|过渡时长|过渡时间|转场|过渡|切换"),
    noun("transition", en(r"cross[- ]?fades?|cross[- ]?dissolves?|dissolves?|blends?") + r"|叠化|溶解|交叉淡化",
         transition="fade"),
    noun("transition", en(r"(?:pixel|noise|pixelated|static) dissolves?") + r"|像素溶解", transition="pixeldissolve"),
    mod(en(r"pixelated|pixel|pixely|noisy|static") + r"|像素", transition="pixeldissolve"),
    noun("transition", en(r"(?:hard|straight|jump|plain|simple|direct) cuts?") + r"|直接切换|直接切|硬切", transition="none"),
    noun("music", en(r"(?:background\s+)?(?:music|musik|musci|muisc|songs?|soundtracks?|bgm|tunes?|audio|score|melod(?:y|ies)|track)")
         + r"|背景音乐|音乐|配乐|歌曲|曲子|乐曲|音轨|歌|曲"),
    noun("volume", en(r"volume|loudness") + r"|音量|声音"),
    noun("subtitle", en(r"sub-?titles?|subheading|tagline") + r"|副标题"),
    noun("endcard", en(r"end ?cards?|ending cards?|closing cards?|end screens?|end titles?|outro|closing text"
                       r"|end slide|final card") + r"|片尾卡片?|结尾卡片?|结束卡|片尾"),
    noun("title", en(r"titles?|title cards?|title text|headings?|headlines?|opening (?:card|text)|name card")
         + r"|标题文字|标题的字|标题字|标题|片头|题目"),
    noun("caption", en(r"captions?|labels?") + r"|字幕|配文"),
    noun("text", en(r"text|words|lettering|font") + r"|文字|字体|字"),
    noun("motion", en(r"ken ?burns(?: effect)?|motion|movements?|animations?|camera (?:moves?|movements?)|panning") +
         r"|动效|动画|运镜|推拉", ),
    noun("motion", en(r"zoom(?:s|ing)?") + r"|缩放", transition="zoomin"),
    noun("motion", r"动得?太多|动得?太厉害|晃得?太厉害|晃得?太多", motion=0.6),
    noun("filter", en(r"filters?|effects?|colou?r grad(?:e|ing)|colou?rs?|tones?|grading|looks?") + r"|滤镜|颜色|色调|色彩"),
    noun("pace", en(r"pace|pacing|speed|rhythm|tempo") + r"|节奏|速度"),
    noun("length", en(r"length|duration|runtime|run time|running time") + r"|总时长|时长|长度|总长|片长"),
    noun("aspect", en(r"aspect(?: ratio)?|ratio|format|frame|shape|orientation") + r"|画面比例|比例|画幅|尺寸|画面"),
    noun("resolution", en(r"resolution|quality|definition") + r"|分辨率|清晰度|画质"),
    noun("order", en(r"order|sequence") + r"|顺序"),
)  # fmt: skip

_MOODS: tuple[Entry, ...] = (
    # "elegant", "classy": soft, slow and warm, which is the romantic row of TASTES.
    mod(en(r"romantic|romance|elegant|classy|sophisticated|graceful|timeless") + r"|浪漫|爱情|温馨|甜蜜|优雅|高级感",
        music="romantic", style="romantic"),
    # "moody" / "brooding": dark and dramatic, which is the cinematic taste (slow, deep
    # music); there is no separate "moody" row in TASTES or the music library.
    mod(en(r"cinematic|epic|orchestral|dramatic|filmic|movie-like|moody|brooding|atmospheric")
        + r"|电影感|电影般|史诗|大气|震撼|氛围感",
        music="cinematic", style="cinematic"),
    mod(en(r"upbeat|happy|cheerful|fun|lively|uplifting|joyful|playful|bouncy|peppy|groovy|catchy|funky|feel-good"
           r"|trendy|poppy|pop|cute|happier|cheerier|more cheerful|more upbeat|livelier|more lively|more fun|jolly")
        + r"|欢快|轻快|活泼|开心|愉快",
        music="upbeat", style="upbeat"),
    mod(en(r"energetic|dynamic|exciting|punchy|high-energy|powerful") + r"|动感|有活力|激情|热血",
        music="upbeat", style="energetic"),
    mod(en(r"lo-?\s?fi|chill(?:ed)?|chillhop") + r"|低保真", music="lofi"),
    mod(en(r"calm|relaxing|relaxed|peaceful|ambient|quiet|serene|tranquil") + r"|安静|舒缓|放松|平静|宁静|轻松",
        music="calm", style="calm"),
    # Said of nothing in particular ("make it soft", "温柔一点"), soft is the calm style.
    mod(en(r"soft|gentle|mellow|subtle") + r"|轻柔|柔和|温柔", music="calm", transition="soft", motion="gentle",
        style="calm"),
    mod(en(r"sad|melancholic|melancholy|emotional|touching|nostalgic music") + r"|伤感|感人|忧伤", music="sad",
        style="sad"),
    mod(en(r"piano") + r"|钢琴", music="piano"),
    mod(en(r"jazz(?:y)?") + r"|爵士", music="jazz"),
    mod(en(r"acoustic|guitar|folk") + r"|木吉他|吉他|民谣", music="acoustic"),
    mod(en(r"electronic|edm|techno|dance|electro") + r"|电子", music="electronic"),
    mod(en(r"dreamy|ethereal|dreamlike|magical") + r"|梦幻|唯美", style="dreamy"),
)  # fmt: skip

_LOOKS: tuple[Entry, ...] = (
    mod(en(r"old (?:film|movie)s?(?: look)?|film look|like film|film grain|super ?8|old-school film") + r"|老电影|胶片感|胶片",
        style="oldfilm", filter="vintage"),
    mod(en(r"vintage|retro|sepia|nostalgic|old-fashioned|aged|(?:from )?the (?:19)?[5-9]0s|(?:19)?[5-9]0s style|19[5-9]0s")
        + r"|复古|怀旧|老照片|年代感|[5-9]0年代", filter="vintage"),
    mod(en(r"black[\s-]*(?:and|&|n)[\s-]*white|b\s*[&/]\s*w|monochrome|gr[ae]y[\s-]*scale|colou?rless")
        + r"|黑白", filter="bw"),
    mod(en(r"warm(?:er)?|warm[- ]?(?:tones?|toned)|sunny|rustic|earthy|cozy|cosy") + r"|暖色调|暖色系|暖色|暖调|温暖|暖一?点", filter="warm"),
    mod(en(r"golden"), filter="warm", color="#FFD700"),
    mod(en(r"cool(?:er)?|cool[- ]?(?:tones?|toned)|cold(?:er)?|blue tones?|icy") + r"|冷色调|冷色系|冷色|冷调|冷一?点", filter="cool"),
    mod(en(r"vivid|vibrant|saturated|colou?rful|rich colou?rs?|bright(?:er)? colou?rs?|more colou?rs?"
           r"|contrasty|more contrast|higher contrast|punchier colou?rs?|(?:make )?(?:the )?colou?rs? pop|pop(?:ping|py)? colou?rs?")
        + r"|鲜艳|饱和|亮丽|色彩丰富", filter="vivid"),
    mod(en(r"(?:back to|in|full|normal|natural|original|real) colou?rs?|colou?r again|the original look|no filter"
           r"|bring (?:the |back the )?colou?rs? back|bring back (?:the )?colou?rs?|colou?rs? back")
        + r"|(?:变回|回到|恢复成?|还原成?|改回)(?:彩色|原色|原来的颜色)|原色|原图|彩色|还原颜色|恢复颜色|原来的颜色", filter="none"),
)  # fmt: skip

_TRANSITION_KINDS: tuple[Entry, ...] = (
    # "fade out to black" is the video's end; "fade to black" may be either (the rules decide).
    mod(en(r"fade(?:s|d)?\s+out\s+(?:to|into)\s+black") + r"|(?:淡出|渐隐|渐暗)(?:到|至|成)?黑[场屏]", fade="out"),
    mod(en(r"(?:fade|dip|fading)(?:s)?\s+(?:to|through|into)\s+black|black fades?|dips? to black")
        + r"|黑场淡出|黑场过渡|黑场|黑屏|淡出到黑|渐黑|闪黑|黑闪",
        transition="fadeblack", fade="out"),
    mod(en(r"(?:fade|dip|fading)(?:s)?\s+(?:to|through|into)\s+white|white flash(?:es)?|flash(?:es)?")
        + r"|白场|闪白", transition="fadewhite"),
    mod(en(r"fade(?:s|d)?\s+in\s+from\s+black|fade\s+up\s+from\s+black|from black"), fade="in"),
    mod(en(r"fade(?:s|d)?\s*(?:-\s*)?in\s+and\s+(?:fade\s*)?out|fade(?:s)?\s+in\s*/\s*out") + r"|淡入淡出",
        fade="both", transition="fade"),
    mod(en(r"fade(?:s|d)?\s*(?:-\s*)?in|fade (?:it|that|them) in") + r"|淡入|渐显", fade="in"),
    mod(en(r"fade(?:s|d)?\s*(?:-\s*)?out|fade away|fade (?:it|that|them) out") + r"|淡出|渐隐|渐弱", fade="out"),
    mod(en(r"fades?|fading"), transition="fade"),
    mod(en(r"slid(?:e|es|ing)\s+(?:to the\s+)?left") + r"|向左滑", transition="slideleft"),
    mod(en(r"slid(?:e|es|ing)\s+(?:to the\s+)?right") + r"|向右滑", transition="slideright"),
    mod(en(r"slid(?:e|es|ing)\s+up") + r"|向上滑", transition="slideup"),
    mod(en(r"slid(?:e|es|ing)\s+down") + r"|向下滑", transition="slidedown"),
    mod(en(r"sliding") + r"|滑动|滑入|推移", transition="slideleft"),
    mod(en(r"wipes?(?:\s+left)?") + r"|擦除", transition="wipeleft"),
    mod(en(r"wipes?\s+right"), transition="wiperight"),
    mod(en(r"circles?|iris") + r"|圆形", transition="circleopen"),
    mod(en(r"radial|clock wipes?") + r"|径向", transition="radial"),
    mod(en(r"smooth\s+(?:slide\s+)?left"), transition="smoothleft"),
    mod(en(r"smooth\s+(?:slide\s+)?right"), transition="smoothright"),
    mod(en(r"varied|various|different|mixed|random"), transition="auto"),
)  # fmt: skip

_COMPARATIVES: tuple[Entry, ...] = (
    mod(en(r"faster|quicker|snappier|speed (?:it |things )?up|pick up the pace|more energetic|brisker|rapid")
        + r"|快一?点|快一些|更快|加快|紧凑一?点|节奏快", speed="faster"),
    # A complaint asks for the opposite: "the photos change too fast" wants them slower.
    mod(en(r"too fast|too quick|too rushed|too hectic") + r"|太快", speed="slower"),
    mod(en(r"too slow|draggy|drags(?: on)?") + r"|太慢", speed="faster"),
    # "something calmer" said of the music is calm music; of the video, a slower pace.
    mod(en(r"calmer|more relaxed|more relaxing|more chill|chiller|mellower"), speed="slower", music="calm"),
    mod(en(r"slower|slow (?:it |things )?down|take (?:it|more) time|leisurely")
        + r"|慢一?点|慢一些|更慢|放慢|舒缓一?点|节奏慢", speed="slower"),
    mod(en(r"quick|fast|rapid|fast[- ]paced|quick[- ]paced") + r"|快节奏", speed="fast"),
    mod(en(r"slow|slow[- ]paced") + r"|慢节奏", speed="slow"),
    mod(en(r"smoother|softer|more subtle|gentler|more gentle|less abrupt|nicer|more natural")
        + r"|更?平滑|更柔和|顺滑|更自然", smoother=True, volume=0.7, motion=0.6),
    mod(en(r"longer|extend(?:ed)?|lengthen|too short|more time|linger(?:s|ing)?(?: a (?:bit|little|while))?(?: longer)?"
           r"|dwell(?:s|ing)?(?: a (?:bit|little|while))?(?: longer)?") + r"|长一?点|长一些|更长|久一?点|加长|延长|太短", length="longer"),
    mod(en(r"shorter|shorten|trim(?:med)?|cut down|too long|less time|fewer seconds") + r"|短一?点|短一些|更短|缩短|太长", length="shorter"),
    mod(en(r"bigger|larger|increase the size|enlarge|more prominent") + r"|大一?点|大一些|更大|放大|加大",
        size=1, motion_dir="in", volume=1 / 0.7),
    mod(en(r"smaller|less prominent|reduce the size|shrink") + r"|小一?点|小一些|更小|缩小", size=-1,
        motion_dir="out", volume=0.7),
    # A complaint asks for the opposite, as with speed: "the title is too big" wants it smaller.
    mod(en(r"too big|too large|too huge|way too big") + r"|太大", size=-1),
    mod(en(r"too small|too tiny|too little") + r"|太小", size=1),
    mod(en(r"huge|giant|very (?:big|large)"), size="huge"),
    mod(en(r"big|large"), size="large"),
    mod(en(r"small|tiny|little text"), size="small"),
    # "higher"/"lower" said of text is where it sits ("put the title lower"), of music its level.
    mod(en(r"louder|turn (?:it |the \w+ )?up|up a bit|too quiet|more volume|boost") +
        r"|大声|调高|提高|响一?点|太小声|调大一?点|调大", volume=1 / 0.7),
    mod(en(r"quieter|less loud|turn (?:it |the \w+ )?down|down a bit|too loud|lower the volume") +
        r"|小声|调低|降低|轻一?点|太大声|太吵|调小一?点|调小|小一?点声", volume=0.7),
    mod(en(r"lower"), volume=0.7, position="lower-third"),
    mod(en(r"higher"), volume=1 / 0.7, position="upper-third"),
    mod(en(r"(?:a (?:bit|little) )?(?:lower|further down)(?: down)?(?: on the (?:screen|frame))?"), position="lower-third"),
    mod(en(r"(?:a (?:bit|little) )?(?:higher|further up)(?: up)?(?: on the (?:screen|frame))?"), position="upper-third"),
    mod(en(r"more dramatic|stronger") + r"|更明显|加强", motion=1.6),
    # "more zoom", "less movement", "too much zooming", "动效少一点": only motion has this
    # sense, so the word binds to a motion noun and means nothing elsewhere ("more photos").
    mod(en(r"more|a lot more|lots of|extra") + r"|多一?点|多一些|强一?点|强一些|更多", motion=1.6),
    mod(en(r"less|fewer|too much|too many|not (?:so|as) much|tone(?:d)? down|reduce(?:d)?|subtler")
        + r"|少一?点|少一些|弱一?点|弱一些|太多|减少|减弱", motion=0.6),
    mod(en(r"strong|dramatic|bold|dynamic"), motion="strong"),
    mod(en(r"still|static|frozen|motionless") + r"|静止|静态|不动", motion_off=True),
)  # fmt: skip

_DIRECTIONS: tuple[Entry, ...] = (
    noun("motion", en(r"zoom(?:s|ing)?\s+in(?:to)?|push(?:ing)?\s+in") + r"|推近", motion_dir="in"),
    noun("motion", en(r"zoom(?:s|ing)?\s+out|pull(?:ing)?\s+(?:back|out)") + r"|拉远", motion_dir="out"),
    noun("motion", en(r"pan(?:s|ning)?\s+(?:to\s+the\s+)?left") + r"|向左平移|向左移动|左移", motion_dir="left"),
    noun("motion", en(r"pan(?:s|ning)?\s+(?:to\s+the\s+)?right") + r"|向右平移|向右移动|右移", motion_dir="right"),
    noun("motion", en(r"pan(?:s|ning)?\s+up(?:wards)?|tilt\s+up") + r"|向上平移|上移", motion_dir="up"),
    noun("motion", en(r"pan(?:s|ning)?\s+down(?:wards)?|tilt\s+down") + r"|向下平移|下移", motion_dir="down"),
    noun("motion", en(r"pan(?:s)?") + r"|平移"),
)  # fmt: skip

_POSITIONS: tuple[Entry, ...] = (
    mod(en(r"lower third") + r"|下三分之一", position="lower-third"),
    mod(en(r"upper third") + r"|上三分之一", position="upper-third"),
    mod(en(r"(?:the\s+)?top(?: of the (?:screen|frame|video))?") + r"|顶部|上方|上面|顶端|最上面", position="top"),
    mod(en(r"(?:the\s+)?bottom(?: of the (?:screen|frame|video))?") + r"|底部|下方|下面|底端|最下面",
        position="bottom"),
    mod(en(r"(?:the\s+)?(?:cent(?:er|re)|middle)(?: of the (?:screen|frame|video))?|centred|centered")
        + r"|中间|居中|正中", position="center"),
)  # fmt: skip

_ZH_COLOURS = {"白": "white", "黑": "black", "金": "gold", "黄": "yellow", "红": "red", "粉": "pink",
               "橙": "orange", "绿": "green", "蓝": "blue", "紫": "purple", "银": "silver", "灰": "grey"}  # fmt: skip
_COLOURS: tuple[Entry, ...] = tuple(
    mod(en(name), color=hex_value) for name, hex_value in COLOURS.items() if name != "golden"
) + tuple(mod(rf"{zh}色", color=COLOURS[name]) for zh, name in _ZH_COLOURS.items())

_SHAPES: tuple[Entry, ...] = (
    word("shape", "4:5", en(r"portrait feed|instagram portrait|feed portrait")),
    word("shape", "9:16", en(r"(?:vertical|portrait)(?!\s*(?:photo|picture|pic|image|shot|portrait)s?\b)"
                             r"|phone screen|full ?screen on phones?") + r"|竖屏|竖版|竖向|竖的|手机屏"),
    word("shape", "16:9", en(r"(?:horizontal|landscape|widescreen|wide screen)"
                             r"(?!\s*(?:photo|picture|pic|image|shot)s?\b)") + r"|横屏|横版|横向|宽屏"),
    word("shape", "1:1", en(r"square(?!\s*(?:photo|picture|pic|image|shot)s?\b)") + r"|正方形|方形|方屏"),
)  # fmt: skip
_PLATFORMS: tuple[Entry, ...] = (
    word("platform", "9:16", en(r"(?:instagram|insta|ig)\s+(?:reels?|stor(?:y|ies))|tik\s?tok|douyin"
                                r"|(?:youtube\s+)?shorts|reels|snapchat|whatsapp status")
         + r"|抖音|快手|视频号|小红书"),
    word("platform", "4:5", en(r"(?:instagram|insta|ig)(?:\s+(?:post|feed))?|facebook|(?:the\s+)?feed")),
    word("platform", "16:9", en(r"youtube|bilibili|tv|vimeo|presentation|projector") + r"|b站|电视"),
)  # fmt: skip

# "cut photo 4", "cut the last two pictures": a removal; "cut the photos to 2 seconds" and
# "cut it down" are a length (the "make" verb).
_CUT_A_PHOTO = (
    r"cut(?=\s+(?:the\s+)?(?:[a-z0-9#]+\s+){0,2}?(?:photos?|pictures?|pics?|images?|clips?|shots?|slides?)\b"
    r"(?![^.,;!?]*\b(?:to|down|by|shorter|short|into|seconds?|secs?)\b))"
)

_VERBS: tuple[Entry, ...] = (
    word("verb", "remove", en(r"remove|delete|drop|cut out|take out|take away|get rid of|lose|kill|hide|erase"
                              r"|strip|clear|ditch|scrap|toss|axe|nix|leave out|" + _CUT_A_PHOTO)
         + r"|删除|删掉|删去|去掉|去除|移除|拿掉|删了|删"),
    word("verb", "add", en(r"add|include|insert|put in|give (?:it|me|us)|throw in|append") +
         r"|加上|加入|添加|加点|加个|加一个|加|配上|配|带上|放上"),
    word("verb", "move", en(r"move|put|place|bring|shift|relocate"
                            r"|(?:come|comes|go|goes|be|appear|appears)(?=\s+(?:first|last|at the (?:start|end|beginning)"
                            r"|(?:to|at) the (?:front|back)|(?:right |just )?(?:before|after)|second|third|fourth|fifth"
                            r"|\d+(?:st|nd|rd|th)\b))") + r"|移到|放到|挪到|调到|移|挪"),
    # "repeat photo 1 at the end", "duplicate the first photo": a copy goes there.
    word("verb", "copy", en(r"repeat|duplicate|copy|reuse|re-use|a copy of|another copy of") + r"|重复|复制"),
    word("verb", "swap", en(r"swap|switch places|exchange|trade places|trade|switch")
         + r"|交换|调换|互换|对调|换一下位置|换个位置|换位置|换一下"),
    word("verb", "shuffle", en(r"shuffle|randomi[sz]e|mix (?:them |it )?up|random order|in a random order|jumble")
         + r"|随机排列|随机顺序|打乱|随机"),
    word("verb", "reverse", en(r"reverse(?:d)?(?:\s+(?:the\s+)?order)?|backwards|in reverse"
                               r"|(?:flip|invert|turn around)\s+(?:the\s+)?(?:order|sequence)")
         + r"|倒序|反转顺序|顺序反过来|倒过来|反过来"),
    word("verb", "sort", en(r"(?:sort|order|arrange)(?:ed)?\s+(?:them\s+|it\s+|the \w+\s+)?(?:by|in)\s+(?:the\s+)?"
                            r"(?:date|time|capture time|when (?:they were )?taken|chronological order)"
                            r"|chronologically|in chronological order|by date")
         + r"|按(?:拍摄)?(?:时间|日期)(?:顺序)?(?:排序|排列|排)?"),
    # "I don't like the music": wanting another, not wanting none.
    word("verb", "change", en(r"change|replace|swap out|switch to|different|another|new|rename|retitle"
                              r"|(?:i\s+)?(?:don'?t|do not)\s+(?:really\s+)?like|not a fan of|dislike|hate|annoying|boring|cheesy"
                              r"|irritating")
         + r"|不喜欢|不太喜欢"
         + r"|换成|换一|换个|换掉|换"),
    word("verb", "use", en(r"use|play|go with|pick|choose|try|go for") + r"|用|使用|选"),
    word("verb", "show", en(r"show|showing|shown|display|hold|stay|last|lasting|lasts|run|play for|on screen")
         + r"|停留时间|显示时间|展示时间|显示|停留|展示|播放|停"),
    word("verb", "make", en(r"make|set|turn|have|keep|change it|get|give|crop|cut|resize|bump|raise|increase")
         + r"|改成|改为|设为|设成|变成|调成|做成|弄成|控制在|调到|改到|剪成|缩短到|加长到|延长到"),
    word("verb", "export", en(r"export(?:ed)?(?: it)?(?: (?:in|at|as))?|render(?: it)? (?:in|at)|output(?: in)?")
         + r"|导出|输出"),
)  # fmt: skip

# "add photo 1 again at the end": with a photo and a place, a copy (said of anything else,
# "again" carries no wish: "make it colour again").
_AGAIN: tuple[Entry, ...] = (
    word(
        "again",
        True,
        en(r"again|once more|one more time|a second time|another time")
        + r"|再放一次|再用一次|再出现一次|再来一次|再一次|再次|又",
    ),
)

_NEGATIONS: tuple[Entry, ...] = (
    word("neg", True, en(r"no|without|don'?t (?:want|use|need|add|have|include)?|do not (?:want|use|need|add)?"
                         r"|not|never|none|nothing|skip|zero|minus")
         + r"|不要|别|不用|无需|不需要|没有|无|不加|去除"),
    word("off", False, en(r"turn(?:ed)? off|switch(?:ed)? off|disable|mute|silence|off|stop") + r"|关掉|关闭|静音|停掉"),
    word("off", True, en(r"turn(?:ed)? on|switch(?:ed)? on|enable|back on|back in|unmute|bring back|put back|bring in")
         + r"|加回来|加回|放回来|回来|打开|开启|启用|恢复"),
)  # fmt: skip

_SCOPES: tuple[Entry, ...] = (
    word("scope", "each", en(r"each (?:one|of them)|every one(?: of them)?|each|every|per|apiece|for each"
                                      r"|for every|individual")
         + r"|每张|每个|每幅|每一张|每段|每|(?<=秒)\s*1\s*张|(?<=秒钟)\s*1\s*张"),
    word("scope", "total", en(r"total|in total|overall|altogether|all together|long|in length|whole thing")
         + r"|总共|一共|总|全片|整体"),
    word("scope", "between", en(r"between(?:\s+(?:the|each|all|every))?(?:\s+(?:two\s+)?(?:photos|pictures|shots"
                                r"|slides|images|clips|scenes))?|in between") + r"|之间|中间的"),
    word("scope", "start", en(r"at the (?:start|beginning)|in the beginning|opening|open(?:s)? (?:with|on)"
                              r"|start(?:s)? (?:with|on)|begin(?:s)? (?:with|on)|intro|first thing") + r"|开头|开始时"),
    word("scope", "end", en(r"at the (?:very )?end|in the end|end(?:s)? (?:with|on)|ending (?:with|on)|finish(?:es)? (?:with|on)"
                            r"|close(?:s)? with|ending|to finish|at the finish|the very end"
                            r"|the end|last thing") + r"|结尾|结束时|末尾|最后"),
    word("scope", "whole", en(r"whole|entire|all the|all of the|all|everywhere") + r"|整个|全部|所有"),
)  # fmt: skip

# Cuts on the beat (the video track's ``m.beats``): asked for, or turned off.
_BEAT_NOUN = r"(?:the\s+|its\s+)?(?:beats?|music|rhythm|song|tempo|track|bpm|soundtrack)"
_ON_BEAT = (
    r"(?:cut|cuts|cutting|edit|edited|sync|synced|synch?roni[sz]e[ds]?|match(?:ed)?|time[ds]?|timing|lined up"
    r"|line (?:it |them |the cuts )?up|snap(?:ped)?|set)"
    r"(?:\s+(?:it|them|everything|the (?:cuts|photos|pictures|transitions|video|slides)))?"
    rf"\s+(?:to|on|with)\s+{_BEAT_NOUN}"
    r"|on (?:the |every )?beats?|to the beats?|in (?:time|sync) with (?:the )?(?:music|beats?|song)"
    r"|beat[- ]?(?:sync(?:ed|hroni[sz]ed)?|matched|synced cuts)|music[- ]synced|rhythmic cuts"
)
_BEATS: tuple[Entry, ...] = (
    word("beat", False, en(rf"(?:don'?t|do not|never|no need to|stop)\s+(?:{_ON_BEAT})"
                           r"|ignore (?:the )?(?:beats?|rhythm|tempo)|(?:off|not on) (?:the )?beat"
                           r"|out of sync with (?:the )?(?:music|beat)|no beat[- ]?sync(?:ing)?|unsync(?:ed)?"
                           r"|free (?:of|from) the beat")
         + r"|不要卡点|不卡点|别卡点|不用卡点|取消卡点|不踩点|不要踩点|别踩点|忽略节拍|不跟节奏|不按节拍|不用跟节奏"),
    word("beat", True, en(_ON_BEAT)
         + r"|卡点|踩点|卡节奏|踩节奏|卡拍|踩拍|合拍|跟着?(?:音乐的?)?节奏|跟(?:着)?音乐(?:的)?节拍|按(?:照)?(?:音乐的?)?节拍"
           r"|节拍同步|对齐节拍|卡音乐"),
)  # fmt: skip

# Brightness and exposure: the draft has no such control; the look rule says so plainly.
_LIGHT: tuple[Entry, ...] = (
    word("light", "brightness", en(r"bright(?:er|en|ness)?|darker|darken|dimmer|exposure|(?:over|under)[- ]?exposed"
                                   r"|too dark|too bright|more light|less light|lighten(?: it)? up")
         + r"|亮一?点|亮一些|更亮|调亮|提亮|亮度|暗一?点|暗一些|更暗|调暗|太暗|太亮|曝光"),
    word("light", "saturation", en(r"less (?:saturated|vivid|colou?rful|vibrant)|desaturated?|muted(?: colou?rs?)?"
                                   r"|washed[- ]out|too (?:saturated|vivid|colou?rful)|saturation")
         + r"|饱和度|降低饱和|不要那么鲜艳|淡一?点"),
)  # fmt: skip
# "everything black and white except the first photo": the photos named are left out.
_EXCEPT: tuple[Entry, ...] = (
    word("except", True, en("|".join(EXCEPT_EN) + r"|not on|not for")
         + r"|除了|除去|以外|之外"),
)  # fmt: skip
# Hedges around an amount ("大概30秒", "一分钟左右"): the amount is what counts.
# and the polite question around a wish ("能不能慢一点").
_HEDGES: tuple[Entry, ...] = (
    word(
        "hedge",
        True,
        r"大概|大约|左右|差不多|大致|上下(?=[，,。.!！]|$)|能不能|能否|可不可以|行不行|好不好|可以吗",
    ),
)

_CUES: tuple[Entry, ...] = (
    word("cue", "names", en(r"(?:our|the|their|couple'?s)\s+names?|names") + r"|名字|姓名|新人名字"),
    word("cue", "date", en(r"(?:the|our|wedding)\s+date|date") + r"|日期"),
)
_META: tuple[Entry, ...] = (
    word("meta", "redo", en(r"redo(?: (?:that|the last (?:change|edit|step)|what you undid))?|re-do|undo the undo"
                            r"|undo that undo|bring (?:it|that) back|put (?:the change|it) back again")
         + r"|恢复撤销|重做上一步|撤销撤销|取消撤销|还原撤销|反撤销"),
    word("meta", "undo", en(r"undo|revert|go back|step back|roll back|take that back|cancel (?:that|the last change)"
                            r"|change it back|put it back|previous version|(?:i )?liked it better before"
                            r"|(?:it was|that was) better before|the way it was|as it was before|don'?t like (?:the|that) change")
         + r"|撤销|撤回|返回上一步|回到上一步|恢复上一个版本|上一个版本|取消刚才|改回去|还是之前的好|还是原来的好"),
    word("meta", "regenerate", en(r"regenerate|start over|from scratch|start again|redo (?:the video|everything)"
                                  r"|redo it|new version|make (?:it|a new one) again")
         + r"|重新生成|重新做|重做|重来|再做一个"),
    word("meta", "help", en(r"what (?:can|could) (?:you|i) do|what do you do|how (?:does this|do i|do you) (?:work|use)"
                            r"|help|what are you|who are you|how does it work")
         + r"|你能做什么|你会做什么|能做什么|怎么用|如何使用|帮助|你是谁|可以做什么"),
    word("meta", "timeline", en(r"(?:show|see|view|print|display|tell)\b.{0,20}\b(?:timeline|tracks?)"
                                r"|what(?:'s| is| does)\b.{0,20}\btimeline|timeline (?:look|summary|now)|where (?:are|is) we"
                                r"|list the tracks")
         + r"|时间线|时间轴|看看(?:现在的)?(?:视频|轨道)|现在是什么样"),
    word("meta", "greeting", r"^\W*(?:" + en(r"hi|hello|hey|hiya|good (?:morning|afternoon|evening)|hello there")
         + r"|你好|您好|嗨|哈喽)"),
    word("meta", "confirm", r"^\W*(?:" + en(r"ok(?:ay)?|yes|yep|sure|go|go ahead|do it|let'?s go|start|proceed"
                                            r"|sounds good|please do") + r"|好的?|开始|可以|行|做吧)\W*$"),
)  # fmt: skip

_PRODUCT = en(
    r"video|slideshow|slide show|movie|film|reel|montage|invitation|story|clip|vlog|teaser|trailer"
    r"|highlights?|recap|short"
)
_GAP = r"[^.;!?；！？\n]{0,40}?"
GENERATE_PATTERNS: tuple[str, ...] = (
    en(r"turn|make|convert|transform|put|edit") + rf"{_GAP}" + en(r"into|to|in") + rf"\s+(?:a|an|one|my|our)?{_GAP}{_PRODUCT}",
    en(r"make|create|generate|build|produce|render|put together|cut|do") + r"\s+(?:me\s+|us\s+)?"
    + en(r"a|an|one|my|our|some") + rf"{_GAP}{_PRODUCT}",
    rf"^\s*(?:please\s+)?(?:a|an)\s+{_GAP}{_PRODUCT}",
    r"(?:做|制作|生成|创建|剪辑?|合成|做成|变成|转成|弄)(?:一个|一段|个|段|成|出)?.{0,20}?"
    r"(?:视频|短片|影片|相册|幻灯片|vlog|请柬|邀请函|邀请)",
)  # fmt: skip

ENTRIES: tuple[Entry, ...] = (
    _META
    + _BEATS
    + _CUES
    + _VERBS
    + _AGAIN
    + _NEGATIONS
    + _SCOPES
    + _SHAPES
    + _PLATFORMS
    + NOUNS
    + _MOODS
    + _LOOKS
    + _TRANSITION_KINDS
    + _COMPARATIVES
    + _DIRECTIONS
    + _POSITIONS
    + _COLOURS
    + _LIGHT
    + _EXCEPT
    + _HEDGES
)
