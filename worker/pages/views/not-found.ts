/** The body of the 404 page for addresses the Worker answers. */
import { html, type Html } from './fragments';

export function notFoundView(): Html {
  return html`<h1>页面不存在</h1>
    <p>您访问的内容不存在或已下线。请返回<a href="/">首页</a>查看正在进行的投票和公示。</p>`;
}
