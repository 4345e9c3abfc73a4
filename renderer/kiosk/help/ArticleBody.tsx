// An article's body from its structured blocks (protocol/knowledge.ts) as React elements:
// text only ever becomes text nodes, images only <img> of a validated data: URL, so nothing an
// admin typed can run or restyle the kiosk.
import type { Block, Span } from '../../../protocol/knowledge.js';

function Spans({ spans }: { spans: readonly Span[] }) {
  return (
    <>
      {spans.map((span, i) => (span.bold ? <strong key={i}>{span.text}</strong> : <span key={i}>{span.text}</span>))}
    </>
  );
}

export function ArticleBody({ blocks }: { blocks: readonly Block[] }) {
  return (
    <div className="help-article__body">
      {blocks.map((block, i) => {
        if (block.type === 'paragraph')
          return (
            <p key={i}>
              <Spans spans={block.spans} />
            </p>
          );
        if (block.type === 'image') return <img key={i} src={block.src} alt={block.alt} className="help-article__image" />;
        const items = block.items.map((item, j) => (
          <li key={j}>
            <Spans spans={item} />
          </li>
        ));
        return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </div>
  );
}
