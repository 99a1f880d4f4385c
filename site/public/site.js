/*
 * Small helpers every page loads (deferred, no globals): the "在浏览器中打开" hint inside Douyin's
 * in-app browser, which blocks some features (long-press to save, SMS autofill), and the copy
 * buttons of snippets such as the "嵌入本投票" panel. Plain ES5 so old in-app browsers run it.
 */
/* global navigator, document */
(function () {
  if (/aweme|BytedanceWebview/i.test(navigator.userAgent)) {
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
})();
