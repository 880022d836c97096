import type { Block } from '../../src/model/blocks'
import { blocksToText, markdownToBlocks } from '../../server/content/markdown-to-blocks'

const convert = (markdown: string) => {
  const problems: string[] = []
  const blocks = markdownToBlocks(markdown, {
    onProblem: (message) => problems.push(message),
    officialHosts: ['example.test'],
  })
  return { blocks, problems }
}

describe('markdownToBlocks', () => {
  const cases: { name: string; markdown: string; blocks: Block[] }[] = [
    {
      name: 'an h1 becomes a level-2 heading; h3 and h4 keep their level; h5 becomes 4',
      markdown: '# One\n\n### Three\n\n#### Four\n\n##### Five',
      blocks: [
        { type: 'heading', level: 2, text: 'One' },
        { type: 'heading', level: 3, text: 'Three' },
        { type: 'heading', level: 4, text: 'Four' },
        { type: 'heading', level: 4, text: 'Five' },
      ],
    },
    {
      name: 'a paragraph keeps strong, em, code and link spans',
      markdown: 'Plain **bold** *soft* `code` [site](https://example.test/a).',
      blocks: [
        {
          type: 'paragraph',
          spans: [
            { text: 'Plain ' },
            { text: 'bold', strong: true },
            { text: ' ' },
            { text: 'soft', em: true },
            { text: ' ' },
            { text: 'code', code: true },
            { text: ' ' },
            { text: 'site', href: 'https://example.test/a' },
            { text: '.' },
          ],
        },
      ],
    },
    {
      name: 'a link to an in-app page keeps its path',
      markdown: '[12315](/pages/services/index)',
      blocks: [{ type: 'paragraph', spans: [{ text: '12315', href: '/pages/services/index' }] }],
    },
    {
      name: 'a soft break between Chinese characters adds no space; between words it adds one',
      markdown: '第一行\n第二行\n\nfirst\nsecond',
      blocks: [
        { type: 'paragraph', spans: [{ text: '第一行第二行' }] },
        { type: 'paragraph', spans: [{ text: 'first second' }] },
      ],
    },
    {
      name: 'unordered and ordered lists; a nested list follows its parent item',
      markdown: '- a\n- b\n  - b1\n- c\n\n1. one\n2. **two**',
      blocks: [
        { type: 'list', ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }], [{ text: 'b1' }], [{ text: 'c' }]] },
        { type: 'list', ordered: true, items: [[{ text: 'one' }], [{ text: 'two', strong: true }]] },
      ],
    },
    {
      name: 'a blockquote becomes a quote; a last line starting with a dash is its cite',
      markdown: '> Quoted text.\n> —— Test Law, article 1',
      blocks: [{ type: 'quote', spans: [{ text: 'Quoted text.' }], cite: 'Test Law, article 1' }],
    },
    {
      name: 'a blockquote without a dash line has no cite',
      markdown: '> Just quoted.',
      blocks: [{ type: 'quote', spans: [{ text: 'Just quoted.' }] }],
    },
    {
      name: '[!TIP] makes a tip callout',
      markdown: '> [!TIP]\n> Keep the receipt.',
      blocks: [{ type: 'callout', tone: 'tip', spans: [{ text: 'Keep the receipt.' }] }],
    },
    {
      name: '[!NOTE] makes an info callout',
      markdown: '> [!NOTE]\n> For your information.',
      blocks: [{ type: 'callout', tone: 'info', spans: [{ text: 'For your information.' }] }],
    },
    {
      name: '[!WARNING] makes a warning callout, and keeps later paragraphs on new lines',
      markdown: '> [!WARNING]\n> Do not pay in advance.\n>\n> Ask for a receipt.',
      blocks: [{ type: 'callout', tone: 'warning', spans: [{ text: 'Do not pay in advance.\nAsk for a receipt.' }] }],
    },
    {
      name: '[!LAW] 《法律名》第X条 makes a law block: the law, its article, and the rest of the quote as spans',
      markdown: '> [!LAW] 《测试法》第二十五条\n> 测试条文第一句，**要点**。\n>\n> 测试条文第二款。',
      blocks: [
        {
          type: 'law',
          law: '《测试法》',
          article: '第二十五条',
          spans: [{ text: '测试条文第一句，' }, { text: '要点', strong: true }, { text: '。\n测试条文第二款。' }],
        },
      ],
    },
    {
      name: '[!LAW] without an article names the law only',
      markdown: '> [!LAW] 《测试条例》\n> 测试条文。',
      blocks: [{ type: 'law', law: '《测试条例》', spans: [{ text: '测试条文。' }] }],
    },
    {
      name: '[!law] is read whatever its case, with spaces around the article',
      markdown: '> [!law]  《测试法》 第一条第二款 \n> 测试条文。',
      blocks: [{ type: 'law', law: '《测试法》', article: '第一条第二款', spans: [{ text: '测试条文。' }] }],
    },
    {
      name: 'a [!LAW] marker that names no law in 《》 leaves a plain quote',
      markdown: '> [!LAW] 测试法第一条\n> 测试条文。',
      blocks: [{ type: 'quote', spans: [{ text: '[!LAW] 测试法第一条测试条文。' }] }],
    },
    {
      name: 'an image becomes an image block with its src under /media and its title as caption',
      markdown: '![A test figure](media/images/x.png "Test caption")',
      blocks: [{ type: 'image', src: '/media/images/x.png', alt: 'A test figure', caption: 'Test caption' }],
    },
    {
      name: 'an image inside a paragraph splits it',
      markdown: 'Before ![alt](images/x.png) after',
      blocks: [
        { type: 'paragraph', spans: [{ text: 'Before' }] },
        { type: 'image', src: '/media/images/x.png', alt: 'alt' },
        { type: 'paragraph', spans: [{ text: 'after' }] },
      ],
    },
    {
      name: 'an image of another host (a web address) is left out: body images come from our own media',
      markdown: 'Text\n\n![alt](https://example.test/x.png)',
      blocks: [{ type: 'paragraph', spans: [{ text: 'Text' }] }],
    },
    {
      name: 'an HTML block is dropped',
      markdown: 'Before\n\n<div onclick="x()">Hidden</div>\n\nAfter',
      blocks: [
        { type: 'paragraph', spans: [{ text: 'Before' }] },
        { type: 'paragraph', spans: [{ text: 'After' }] },
      ],
    },
    {
      name: 'inline HTML tags are dropped and the words between them stay as text',
      markdown: 'Say <b>hello</b><script>x</script> now',
      blocks: [{ type: 'paragraph', spans: [{ text: 'Say hellox now' }] }],
    },
    {
      name: 'a link the app cannot open keeps its words and loses its href',
      markdown: '[mail](mailto:test@example.test) and [file](../warnings/x.md)',
      blocks: [{ type: 'paragraph', spans: [{ text: 'mail and file' }] }],
    },
    {
      name: 'a fenced code block becomes a code paragraph',
      markdown: '```\nline 1\nline 2\n```',
      blocks: [{ type: 'paragraph', spans: [{ text: 'line 1\nline 2', code: true }] }],
    },
    {
      name: 'a table becomes a list, one item per row, cells named by their header',
      markdown: '| Item | Price |\n| --- | --- |\n| Test apple | 5 |\n| Test pear | 6 |',
      blocks: [
        {
          type: 'list',
          ordered: false,
          items: [[{ text: 'Item：Test apple；Price：5' }], [{ text: 'Item：Test pear；Price：6' }]],
        },
      ],
    },
    {
      name: 'a thematic break and an HTML comment leave nothing',
      markdown: '---\n\n<!-- a note for editors -->',
      blocks: [],
    },
  ]

  test.each(cases)('$name', ({ markdown, blocks }) => {
    expect(convert(markdown).blocks).toEqual(blocks)
  })

  const problemCases = [
    { name: 'raw HTML is reported', markdown: '<div>x</div>', problem: /raw HTML is dropped: <div>x<\/div>/ },
    {
      name: 'inline HTML is reported once per tag opened',
      markdown: 'a <b>b</b>',
      problem: /raw HTML is dropped: <b>/,
    },
    {
      name: 'a [!LAW] quote without 《》 is reported',
      markdown: '> [!LAW] 测试法第一条\n> 测试条文。',
      problem: /a \[!LAW\] quote names the law in 《》 on its first line/,
    },
    {
      name: 'a [!LAW] quote with no text is reported and dropped',
      markdown: '> [!LAW] 《测试法》第一条',
      problem: /the \[!LAW\] quote of 《测试法》 has no quoted text: dropped/,
    },
    {
      name: 'a link that is not https or /pages/ is reported',
      markdown: '[x](tel:12315)',
      problem: /link "tel:12315" is not kept/,
    },
    {
      name: 'a link over plain http is reported, even to an official host',
      markdown: '[x](http://example.test/a)',
      problem: /link "http:\/\/example.test\/a" is not kept: links must start with https:\/\//,
    },
    {
      name: 'a link to a host not on the official list is reported',
      markdown: '[x](https://tracker.example/?reader=1)',
      problem:
        /link "https:\/\/tracker.example\/\?reader=1" is not kept: tracker.example is not one of the official hosts/,
    },
    {
      name: 'a link with a name before the host is reported (the host is not the one it seems)',
      markdown: '[x](https://example.test@tracker.example/)',
      problem: /is not kept: example.test@tracker.example is not one of the official hosts/,
    },
    {
      name: 'an image from a web address is reported',
      markdown: '![x](https://tracker.example/pixel.png?reader=1)',
      problem:
        /image "https:\/\/tracker.example\/pixel.png\?reader=1" is not kept: body images come from our own media/,
    },
    {
      name: 'an image of another host without a scheme is reported',
      markdown: '![a](//tracker.example/p.png)',
      problem: /image "\/\/tracker.example\/p.png" is not kept/,
    },
  ]
  test.each(problemCases)('$name', ({ markdown, problem }) => {
    const { problems } = convert(markdown)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(problem)
  })

  test('a data: image and a path out of the media folder are left out too; a path in media/ stays', () => {
    const { blocks, problems } = convert(
      '![b](data:image/png;base64,AAAA)\n\n![c](../../api/v1/x)\n\n![d](/media/x.png)',
    )
    expect(problems).toEqual([
      expect.stringMatching(/^image "data:image\/png;base64,AAAA" is not kept/),
      expect.stringMatching(/^image "..\/..\/api\/v1\/x" is not kept/),
    ])
    expect(blocks).toEqual([{ type: 'image', src: '/media/x.png', alt: 'd' }])
  })

  test('without a list of official hosts, no link leaves the app', () => {
    const problems: string[] = []
    const blocks = markdownToBlocks('[a](https://www.samr.gov.cn/) [b](/pages/services/index)', {
      onProblem: (message) => problems.push(message),
    })
    expect(blocks).toEqual([
      { type: 'paragraph', spans: [{ text: 'a ' }, { text: 'b', href: '/pages/services/index' }] },
    ])
    expect(problems).toEqual([expect.stringContaining('www.samr.gov.cn is not one of the official hosts')])
  })

  test('an HTML comment is not a problem', () => {
    expect(convert('<!-- note -->\n\ntext <!-- inline note -->').problems).toEqual([])
  })

  test('images go through the resolver the loader passes', () => {
    const blocks = markdownToBlocks('![alt](x.png)', { resolveImage: (src) => `/resolved/${src}` })
    expect(blocks).toEqual([{ type: 'image', src: '/resolved/x.png', alt: 'alt' }])
  })

  test('blocksToText joins every text for search', () => {
    const { blocks } = convert('## Head\n\nBody **bold**\n\n- item\n\n> quote\n> —— cite\n\n![figure alt](x.png)')
    expect(blocksToText(blocks)).toBe('Head\nBody bold\nitem\nquote\ncite\nfigure alt')
  })

  test('blocksToText gives a law block its law, article and text', () => {
    const { blocks } = convert('> [!LAW] 《测试法》第一条\n> 测试条文。')
    expect(blocksToText(blocks)).toBe('《测试法》第一条\n测试条文。')
  })
})
