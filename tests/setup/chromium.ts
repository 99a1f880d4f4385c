/**
 * How every browser run here starts Debian's Chromium (Playwright cannot download browsers on these
 * machines) and which phone it pretends to be. Used by playwright.config.ts, bench/ and scripts/.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling out on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WeChat's in-app browser on an iPhone, the way most voters arrive. */
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN';

/** Douyin's in-app browser on an iPhone (`aweme`, `BytedanceWebview`). */
export const DOUYIN_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 aweme_30.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/zh Region/CN AppTheme/light BytedanceWebview/d8a21c6';

/** Kuaishou's in-app browser (its Nebula build) on an Android phone (`Kwai`, `ksNebula`). */
export const KUAISHOU_UA =
  'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 Mobile Safari/537.36 Kwai/11.8.30.6223 ksNebula/11.8.30.6223 OS_PRO_BIT/64 MAX_PHY_MEM/7459 AZPREFIX/az3 ICFO/0 StatusHT/29 TitleHT/44 NetType/WIFI ISLP/0 ISDM/0 ISLB/0 locale/zh-cn evaSupported/false CT/0 ISLM/0';

export const PHONE_VIEWPORT = { width: 390, height: 844 };
