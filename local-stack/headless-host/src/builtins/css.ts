// Styles of the built-ins, after the base library's defaults (so screenshots look like a phone).
import { iconCss } from './icon-css'

export function builtinCss(): string {
  return `
html, body { margin: 0; padding: 0; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", sans-serif;
  font-size: 16px; line-height: 1.4; color: #000; background: #fff; -webkit-font-smoothing: antialiased; }
wx-view, wx-cover-view, wx-swiper-item, wx-navigator, wx-form, wx-picker, wx-scroll-view, wx-swiper,
wx-movable-area, wx-progress, wx-slider, page-root, wx-checkbox-group, wx-radio-group { display: block; }
wx-text, wx-label, wx-icon { display: inline; }
wx-page-meta { display: none; }
wx-text { white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; background-repeat: no-repeat;
  background-position: center; background-size: 100% 100%; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding: 8px 24px;
  width: 184px; box-sizing: border-box; font-size: 17px; font-weight: 700; text-align: center; text-decoration: none;
  line-height: 1.41176471; border-radius: 4px; overflow: hidden; color: #06ae56; background-color: #f2f2f2;
  cursor: pointer; }
wx-button[size="mini"], wx-button.mini { display: inline-block; width: auto; padding: 0 0.75em; line-height: 2;
  font-size: 16px; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[type="warn"] { color: #fff; background-color: #fa5151; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[disabled] { color: rgba(0, 0, 0, .18); background-color: #fafafa; }
wx-button[type="primary"][disabled] { color: rgba(255, 255, 255, .6); background-color: #9ed99d; }
wx-input { display: flex; align-items: center; height: 1.4em; min-height: 1.4em; line-height: 1.4em;
  overflow: hidden; text-overflow: clip; white-space: nowrap; }
wx-textarea { display: block; width: 300px; height: 150px; overflow: hidden; white-space: pre-wrap; }
.wx-input-placeholder, .wx-textarea-placeholder { color: #808080; }
wx-switch { display: inline-block; }
.wx-switch-input { position: relative; display: inline-block; width: 52px; height: 32px; box-sizing: border-box;
  border: 2px solid #e9e9ea; border-radius: 16px; background-color: #e9e9ea; vertical-align: middle; }
.wx-switch-input::after { content: ""; position: absolute; top: 0; left: 0; width: 28px; height: 28px;
  border-radius: 14px; background: #fff; box-shadow: 0 1px 3px rgba(0, 0, 0, .4); }
.wx-switch-input-checked { background-color: #07c160; border-color: #07c160; }
.wx-switch-input-checked::after { left: 20px; }
wx-checkbox, wx-radio { display: inline-block; }
.wx-checkbox-input, .wx-radio-input { display: inline-block; width: 22px; height: 22px; box-sizing: border-box;
  margin-right: 5px; border: 1px solid #d1d1d1; border-radius: 3px; background: #fff; vertical-align: middle;
  position: relative; text-align: center; line-height: 20px; color: #07c160; font-size: 18px; }
.wx-radio-input { border-radius: 50%; }
.wx-checkbox-input-checked::before { content: "\\2713"; }
.wx-radio-input-checked { background: #07c160; border-color: #07c160; color: #fff; }
.wx-radio-input-checked::before { content: "\\2713"; font-size: 14px; }
wx-scroll-view { overflow: auto; }
wx-scroll-view::-webkit-scrollbar { display: none; }
wx-swiper { position: relative; height: 150px; overflow: hidden; }
wx-swiper wx-swiper-item { position: absolute; top: 0; left: 0; width: 100%; height: 100%; }
wx-navigator { cursor: pointer; }
.wx-progress-bar { display: block; width: 100%; }
.wx-progress-inner { display: block; height: 100%; }
.wx-slider-track { display: block; height: 2px; margin: 14px 18px; background: #e9e9e9; }
.wx-slider-fill { display: block; height: 100%; background: #1aad19; }
wx-video { position: relative; display: inline-block; width: 300px; height: 225px; overflow: hidden;
  background-color: #000; background-repeat: no-repeat; background-position: center; background-size: contain; }
.wx-video-center-play { position: absolute; left: 50%; top: 50%; width: 56px; height: 56px; margin: -28px 0 0 -28px;
  border-radius: 50%; background: rgba(0, 0, 0, .5); }
.wx-video-center-play::after { content: ""; position: absolute; left: 22px; top: 16px; border-style: solid;
  border-width: 12px 0 12px 18px; border-color: transparent transparent transparent #fff; }
.wx-video-bar { position: absolute; left: 0; right: 0; bottom: 0; height: 40px; display: flex; align-items: center;
  gap: 12px; padding: 0 12px; box-sizing: border-box; color: #fff; font-size: 12px;
  background: linear-gradient(transparent, rgba(0, 0, 0, .6)); }
.wx-video-button { width: 16px; height: 16px; position: relative; }
.wx-video-play::after { content: ""; position: absolute; left: 3px; top: 1px; border-style: solid;
  border-width: 7px 0 7px 11px; border-color: transparent transparent transparent #fff; }
.wx-video-pause::before, .wx-video-pause::after { content: ""; position: absolute; top: 1px; width: 4px; height: 14px;
  background: #fff; }
.wx-video-pause::before { left: 3px; }
.wx-video-pause::after { left: 10px; }
.wx-video-time { flex: 1; }
.wx-video-fullscreen { width: 14px; height: 14px; border: 2px solid #fff; box-sizing: border-box; }
${iconCss()}
`
}
