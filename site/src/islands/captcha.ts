/**
 * Client side of the pluggable captcha shown before an SMS code is sent. Loaded on demand, so the
 * poll page pays nothing for it when the captcha is off. Tencent and Aliyun captchas work in
 * mainland China; Turnstile is not served there.
 */
export type CaptchaConfig =
  | { provider: 'none' }
  | { provider: 'tencent'; appId: string }
  | { provider: 'aliyun'; sceneId: string; prefix: string }
  | { provider: 'turnstile'; siteKey: string };

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (document.querySelector(`script[src="${src}"]`)) return resolve();
    const s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('captcha script failed to load'));
    document.head.appendChild(s);
  });
}

/** Shows the configured captcha and resolves with the token the server verifies. */
export async function solveCaptcha(cfg: CaptchaConfig, host: HTMLElement): Promise<string | undefined> {
  const w = window as any;
  switch (cfg.provider) {
    case 'none':
      return undefined;
    case 'tencent':
      await loadScript('https://turing.captcha.qcloud.com/TCaptcha.js');
      return new Promise((resolve, reject) => {
        new w.TencentCaptcha(cfg.appId, (res: { ret: number; ticket: string; randstr: string }) =>
          res.ret === 0
            ? resolve(JSON.stringify({ ticket: res.ticket, randstr: res.randstr }))
            : reject(new Error('cancelled')),
        ).show();
      });
    case 'aliyun':
      w.AliyunCaptchaConfig = { region: 'cn', prefix: cfg.prefix };
      await loadScript('https://o.alicdn.com/captcha-frontend/aliyunCaptcha/AliyunCaptcha.js');
      return new Promise((resolve, reject) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.hidden = true;
        host.appendChild(button);
        w.initAliyunCaptcha({
          SceneId: cfg.sceneId,
          mode: 'popup',
          element: host,
          button,
          success: (param: string) => resolve(param),
          fail: () => reject(new Error('failed')),
          getInstance: () => button.click(),
        });
      });
    case 'turnstile':
      await loadScript('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit');
      return new Promise((resolve, reject) => {
        host.textContent = '';
        w.turnstile.render(host, {
          sitekey: cfg.siteKey,
          callback: (token: string) => resolve(token),
          'error-callback': () => reject(new Error('failed')),
        });
      });
  }
}
