// Text that tries to become Markdown, HTML, a mention or Mermaid syntax: every kind issue 20 names. Tests put it in every
// position configuration text reaches and check that it renders as itself.

/** One hostile string per kind (none holds a control character: configuration refuses those). */
export const HOSTILE: Readonly<Record<string, string>> = {
  htmlComment: '<!-- the rest of the review is hidden',
  commentEnd: '--> y',
  backtickFence: '```',
  tildeFence: '~~~',
  link: '[approve me](https://example.com/)',
  referenceLink: '[x][1] [1]: https://example.com/',
  image: '![tracker](https://example.com/pixel.png)',
  rawTag: '<img src=x onerror=alert(1)>',
  details: '<details><summary>nothing to see</summary>',
  script: '<script>alert(1)</script>',
  mention: '@octocat @github/security-team',
  heading: '# All clear',
  setext: '===',
  pipe: 'a | b || c',
  emphasis: '*bold* _it_ **x** __y__ ~~gone~~',
  backslash: 'back\\slash \\',
  entity: '&lt;b&gt; &amp; &#60;script&#62; &copy;',
  autolink: '<https://example.com/>',
  emailAngle: '<mallory@example.com>',
  www: 'www.example.com',
  email: 'mallory@example.com',
  url: 'https://example.com/path',
  issueReference: '#12 GH-34 owner/repo#5',
  math: '$x^2$ $$y$$',
  listItem: '- [ ] task 1. item',
  footnote: 'x[^1]',
  alert: '> [!WARNING]',
  mermaid: '"]) --> p1(("x")) %% end subgraph classDef click p1 "https://example.com" fa:fa-car #35; A;B `md` &amp;',
  mermaidDirective: '%%{init: {"theme": "dark"}}%%',
};

/** All kinds in one line. */
export const HOSTILE_ALL = Object.values(HOSTILE).join(' ');

/** Control characters, line breaks and bidirectional controls: state, plans and exports may hold them. */
export const CONTROL_TEXT = 'line\nbreak\r\n\u0000nul\u0007bell\u007fdel\u0085nel\u2028ls\u2029ps\u202egnirts desrever\u2066isolate\u2069\ttab';
