/*
 * 临汾技工 · 六个十 — results widget loader.
 *
 *   <div data-linfen-poll="trades-vote"></div>
 *   <script src="https://ORIGIN/embed.js" async></script>
 *
 * Turns every such div into an iframe of ORIGIN/embed/polls/{slug} (ORIGIN is where this script
 * was loaded from), keeping the iframe the snippet already holds, and sizes and names it from the
 * widget's postMessage. A message is used only when it comes
 * from ORIGIN, from that very iframe, and has the expected shape. Defines one global,
 * window.LinfenEmbed; loading the script twice embeds nothing twice. Plain ES5: it runs on host
 * pages and in-app browsers we do not control.
 */
/* global window, document, location, URL */
(function () {
  'use strict';
  var existing = window.LinfenEmbed;
  if (existing && typeof existing.scan === 'function') {
    existing.scan();
    return;
  }

  var src = document.currentScript && document.currentScript.src;
  if (!src) {
    var scripts = document.getElementsByTagName('script');
    for (var s = scripts.length - 1; s >= 0 && !src; s--) {
      if (/\/embed\.js(?:[?#]|$)/.test(scripts[s].src)) src = scripts[s].src;
    }
  }
  if (!src) return;
  var origin = new URL(src, location.href).origin;
  var SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var MAX_HEIGHT = 4000;
  var frames = [];

  function scan() {
    var nodes = document.querySelectorAll('div[data-linfen-poll]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var slug = node.getAttribute('data-linfen-poll');
      if (node.getAttribute('data-linfen-embedded') || !SLUG.test(slug || '')) continue;
      var src = origin + '/embed/polls/' + slug;
      // The pasted snippet's own iframe (its fallback where scripts are stripped) is kept, title and all.
      var iframe = node.getElementsByTagName('iframe')[0];
      if (!iframe || iframe.src !== src) {
        iframe = document.createElement('iframe');
        iframe.src = src;
        iframe.title = '投票结果 · 临汾技工 · 六个十';
        iframe.setAttribute('loading', 'lazy');
        while (node.firstChild) node.removeChild(node.firstChild);
        node.appendChild(iframe);
      }
      iframe.setAttribute('scrolling', 'no');
      iframe.style.cssText =
        'display:block;width:100%;height:' + (iframe.offsetHeight || 360) + 'px;border:0;overflow:hidden';
      node.setAttribute('data-linfen-embedded', '1');
      frames.push({ iframe: iframe, slug: slug });
    }
  }

  function onMessage(event) {
    if (event.origin !== origin) return;
    var d = event.data;
    if (!d || typeof d !== 'object' || d.type !== 'linfen-embed:resize') return;
    if (typeof d.slug !== 'string' || typeof d.height !== 'number' || !(d.height > 0)) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.slug === d.slug && f.iframe.contentWindow === event.source) {
        f.iframe.style.height = Math.min(Math.ceil(d.height), MAX_HEIGHT) + 'px';
        // The widget names its poll; the frame carries that name for screen readers.
        if (typeof d.title === 'string' && d.title) f.iframe.title = d.title.slice(0, 200);
      }
    }
  }

  window.addEventListener('message', onMessage);
  window.LinfenEmbed = { origin: origin, scan: scan };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
