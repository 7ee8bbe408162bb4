// UI text in English and Chinese, chosen from the browser's languages.
// Elements carry data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label)
// and data-i18n-title; applyStatic() fills them in.

const STRINGS = {
  en: {
    brand: "Nemo Studio",
    making: "Making",
    newVideo: "New video",
    credits: "{n} credits",
    creditsTitle: "Edits cost credits; previews and exports are free",
    skipToChat: "Skip to the chat",
    mediaHeading: "Photos, clips & music",
    dropTitle: "Drop photos, clips and music here",
    dropChoose: "or choose files",
    addMore: "Add more files",
    dropHint: "JPG, PNG, HEIC, WEBP, MP4, MOV, MP3, WAV, M4A · up to {mb} MB each",
    uploadLabel: "Add photos, clips and music",
    mediaEmpty: "Nothing here yet. Start with 5 to 20 photos; add a song if you have one.",
    waiting: "Waiting…",
    uploading: "Uploading {pct}%",
    checking: "Checking…",
    refused: "Not added",
    dismiss: "Dismiss",
    inVideo: "In the video",
    song: "Song",
    clip: "Clip",
    photo: "Photo",
    make: "Make my video",
    makeHint: "Uses your photos and music, then you can fine-tune everything.",
    addNew: "Add {n} new to the video",
    chatHeading: "Tell Nemo what you want",
    chatIntro: "Describe the video in your own words, for example:",
    chatExamples: [
      "a 30-second square video with the title “Anna & Tom”",
      "slower transitions and romantic music",
      "move photo 3 to the start",
    ],
    messageLabel: "Message",
    messagePlaceholder: "Describe a change…",
    send: "Send",
    undo: "Undo",
    redo: "Redo",
    working: "Working…",
    noWords: "Done. The timeline is updated.",
    noChange: "Nothing changed.",
    registerLink: "Register to get more credits",
    creditsNow: "You have {n} credits. Edits cost 1 credit (making the video costs 5); previews and exports are free.",
    previewHeading: "Preview",
    readyToPreview: "Ready. Press play for a quick preview.",
    placeholderTitle: "Your video will play here",
    placeholderSteps: ["Add photos (and a song)", "Make the video or describe it", "Arrange, preview, export"],
    preview: "Preview",
    previewAgain: "Preview again",
    previewing: "Making a quick preview… {pct}%",
    previewStale: "The preview is older than your last change.",
    previewReady: "Quick, low-resolution preview. Export for full quality.",
    export: "Export video",
    exporting: "Exporting in full quality… {pct}%",
    download: "Download MP4",
    exportFree: "Exports are free.",
    renderFailed: "The render failed: {error}",
    needVideo: "Make the video first: add photos, then press “Make my video”.",
    settingsHeading: "Settings",
    settingsEmpty: "Shape, length, music, look and title, once the video is made.",
    shape: "Shape",
    shapes: { "16:9": "16:9 Landscape", "9:16": "9:16 Portrait", "1:1": "1:1 Square", "4:5": "4:5 Portrait" },
    length: "Length (s)",
    music: "Music",
    ownSong: "My song",
    noMusic: "No music",
    moods: {
      romantic: "Romantic", cinematic: "Cinematic", upbeat: "Upbeat", calm: "Calm", lofi: "Lo-fi",
      sad: "Emotional", piano: "Piano", jazz: "Jazz", acoustic: "Acoustic", electronic: "Electronic",
    },
    volume: "Volume",
    transition: "Transition",
    transitions: {
      none: "Straight cut", fade: "Fade", dissolve: "Dissolve", fadeblack: "Fade through black",
      slide: "Slide", wipe: "Wipe", zoom: "Zoom", circle: "Circle",
    },
    filter: "Look",
    filters: { none: "Original", warm: "Warm", cool: "Cool", bw: "Black & white", vintage: "Vintage", vivid: "Vivid" },
    title: "Title",
    titlePlaceholder: "No title",
    other: "Other ({name})",
    timelineHeading: "Timeline",
    timelineEmpty: "The timeline appears once the video is made.",
    timelineHelp: "Drag a tile to reorder, or use its arrows.",
    moveEarlier: "Move {name} earlier",
    moveLater: "Move {name} later",
    removeItem: "Remove {name} from the video",
    moveLabel: "Move {name} to position {to}",
    removeLabel: "Remove {name}",
    itemName: "{kind} {n}",
    seconds: "{s} s",
    total: "{n} items · {s} s",
    musicTrack: "Music: {name} · {vol}%",
    titleTrack: "Title: “{text}”",
    noMusicTrack: "No music",
    sessionLost: "The previous project was not found, so a new one was started.",
    offline: "The studio lost its connection to the backend. Is `nemo-skill studio` still running?",
    error: "Something went wrong: {message}",
    busy: "One moment: the last change is still being made.",
  },
  zh: {
    brand: "Nemo 工作室",
    skills: {
      "free-photo-to-video-ai": "照片转视频",
      "photographer-video": "摄影作品视频",
      "wedding-invitation-video": "婚礼请柬视频",
    },
    making: "类型",
    newVideo: "新建视频",
    credits: "{n} 积分",
    creditsTitle: "编辑会消耗积分；预览和导出免费",
    skipToChat: "跳到对话",
    mediaHeading: "照片、视频和音乐",
    dropTitle: "把照片、视频和音乐拖到这里",
    dropChoose: "或选择文件",
    addMore: "添加更多文件",
    dropHint: "JPG、PNG、HEIC、WEBP、MP4、MOV、MP3、WAV、M4A · 每个不超过 {mb} MB",
    uploadLabel: "添加照片、视频和音乐",
    mediaEmpty: "还没有素材。先放 5 到 20 张照片；有喜欢的歌也可以一起加上。",
    waiting: "等待中…",
    uploading: "上传中 {pct}%",
    checking: "检查中…",
    refused: "未添加",
    dismiss: "关闭",
    inVideo: "已在视频中",
    song: "音乐",
    clip: "视频",
    photo: "照片",
    make: "生成视频",
    makeHint: "用你的照片和音乐生成，之后每一处都可以再调整。",
    addNew: "把 {n} 个新素材加入视频",
    chatHeading: "告诉 Nemo 你想要什么",
    chatIntro: "用你自己的话描述视频，例如：",
    chatExamples: ["做一个30秒的方形视频，标题是“安娜和汤姆”", "转场慢一点，换成浪漫的音乐", "把第3张移到开头"],
    messageLabel: "消息",
    messagePlaceholder: "描述要改的地方…",
    send: "发送",
    undo: "撤销",
    redo: "重做",
    working: "处理中…",
    noWords: "完成，时间线已更新。",
    noChange: "没有变化。",
    registerLink: "注册以获得更多积分",
    creditsNow: "你有 {n} 积分。每次修改 1 积分（生成视频 5 积分）；预览和导出免费。",
    previewHeading: "预览",
    readyToPreview: "已就绪，点击播放查看快速预览。",
    placeholderTitle: "视频会在这里播放",
    placeholderSteps: ["添加照片（和音乐）", "生成视频或用文字描述", "调整顺序、预览、导出"],
    preview: "预览",
    previewAgain: "重新预览",
    previewing: "正在生成快速预览… {pct}%",
    previewStale: "预览还不包含你最近的修改。",
    previewReady: "快速低清预览；导出可得到完整画质。",
    export: "导出视频",
    exporting: "正在导出高清视频… {pct}%",
    download: "下载 MP4",
    exportFree: "导出免费。",
    renderFailed: "渲染失败：{error}",
    needVideo: "请先生成视频：添加照片，然后点击“生成视频”。",
    settingsHeading: "设置",
    settingsEmpty: "生成视频后，可以在这里调整画面比例、时长、音乐、色调和标题。",
    shape: "画面比例",
    shapes: { "16:9": "16:9 横屏", "9:16": "9:16 竖屏", "1:1": "1:1 方形", "4:5": "4:5 竖版" },
    length: "时长（秒）",
    music: "音乐",
    ownSong: "我的音乐",
    noMusic: "无音乐",
    moods: {
      romantic: "浪漫", cinematic: "电影感", upbeat: "欢快", calm: "舒缓", lofi: "低保真",
      sad: "伤感", piano: "钢琴", jazz: "爵士", acoustic: "原声吉他", electronic: "电子",
    },
    volume: "音量",
    transition: "转场",
    transitions: {
      none: "直接切换", fade: "淡入淡出", dissolve: "叠化", fadeblack: "黑场过渡",
      slide: "滑动", wipe: "擦除", zoom: "缩放", circle: "圆形",
    },
    filter: "色调",
    filters: { none: "原色", warm: "暖色", cool: "冷色", bw: "黑白", vintage: "复古", vivid: "鲜艳" },
    title: "标题",
    titlePlaceholder: "无标题",
    other: "其他（{name}）",
    timelineHeading: "时间线",
    timelineEmpty: "生成视频后，这里会显示时间线。",
    timelineHelp: "拖动卡片调整顺序，或使用箭头按钮。",
    moveEarlier: "把{name}往前移",
    moveLater: "把{name}往后移",
    removeItem: "从视频中删除{name}",
    moveLabel: "把{name}移到第{to}个位置",
    removeLabel: "删除{name}",
    itemName: "第{n}个{kind}",
    seconds: "{s} 秒",
    total: "{n} 个片段 · {s} 秒",
    musicTrack: "音乐：{name} · {vol}%",
    titleTrack: "标题：“{text}”",
    noMusicTrack: "无音乐",
    sessionLost: "找不到之前的项目，已新建一个。",
    offline: "工作室与后台的连接断开了。`nemo-skill studio` 还在运行吗？",
    error: "出错了：{message}",
    busy: "请稍等：上一个修改还在进行中。",
  },
};

function pickLanguage() {
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in STRINGS) return base;
  }
  return "en";
}

export const lang = pickLanguage();
const table = STRINGS[lang];

/** The text for `key`, with {name} placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const value = key.split(".").reduce((node, part) => (node == null ? node : node[part]), table);
  const text = value == null ? key : value;
  if (typeof text !== "string") return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** The name of `value` in a group of names (moods, transitions, ...), else `fallback` or the value. */
export function label(group, value, fallback = value) {
  const names = table[group] || {};
  return value in names ? names[value] : fallback;
}

export function applyStatic(root = document) {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("brand");
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}

export function formatSeconds(ms) {
  const s = Math.round(ms / 100) / 10;
  return t("seconds", { s: Number.isInteger(s) ? s : s.toFixed(1) });
}

export function formatSize(bytes) {
  if (!bytes) return "";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
