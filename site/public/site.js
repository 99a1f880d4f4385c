/*
 * Small helpers every page loads (deferred, no globals): the "在浏览器中打开" hint beside the QR
 * poster inside Douyin's and Kuaishou's in-app browsers, whose long-press menu cannot save an image
 * (voting works there, so the hint is nowhere else), the copy buttons
 * of snippets such as the "嵌入本投票" panel, and WeChat's share card (title, description and image
 * of a shared link) where the deployment has an Official Account. Plain ES5 so old in-app browsers
 * run it.
 */
/* global navigator, document, location, window, fetch */
(function () {
  if (/aweme|BytedanceWebview|Kwai|Kuaishou|ksNebula/i.test(navigator.userAgent)) {
    var hint = document.getElementById('open-in-browser');
    if (hint) hint.hidden = false;
  }
  var buttons = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        var done = function () {
          button.textContent = '已复制';
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(source.value).then(done, function () {
            source.select();
          });
        } else {
          source.select();
          if (document.execCommand && document.execCommand('copy')) done();
        }
      });
    })(buttons[i]);
  }

  // WeChat shows a shared link's title, description and image only when the page configures its
  // JS-SDK with a signature the server makes (GET /api/wechat/jssdk-signature, docs/media.md). The
  // Worker marks pages with <meta name="wechat-share"> only when an Official Account is configured.
  if (/MicroMessenger/i.test(navigator.userAgent) && document.querySelector('meta[name="wechat-share"]')) {
    var meta = function (selector) {
      var element = document.querySelector(selector);
      return element ? element.getAttribute('content') : '';
    };
    var page = location.href.split('#')[0];
    fetch('/api/wechat/jssdk-signature?url=' + encodeURIComponent(page))
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (signed) {
        if (!signed) return;
        var script = document.createElement('script');
        script.src = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
        script.onload = function () {
          var wx = window.wx;
          if (!wx) return;
          wx.config({
            appId: signed.appId,
            timestamp: signed.timestamp,
            nonceStr: signed.nonceStr,
            signature: signed.signature,
            jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'],
          });
          // A poll's or notice's card shows its QR code; other pages WeChat's default icon.
          var path = location.pathname;
          var card = {
            title: meta('meta[property="og:title"]') || document.title,
            desc: meta('meta[name="description"]'),
            link: meta('meta[property="og:url"]') || page,
            imgUrl: /^\/(polls|notices)\/[^/]+\/$/.test(path) ? location.origin + path + 'qr.png' : '',
          };
          wx.ready(function () {
            wx.updateAppMessageShareData(card);
            wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imgUrl });
          });
        };
        document.head.appendChild(script);
      })
      .catch(function () {});
  }
})();
