// Shared by every bench page: the same layout, the same paragraph DOM and the same adapter
// contract, so that the runner treats all renderers alike.
//
// window.benchAdapter = {
//   prepare?(doc): Promise<void>  untimed set-up before open (e.g. storing the document)
//   open(doc): Promise<void>      renders the document with its annotations
//   beforeAdd?(ann): Promise<void> untimed step a user takes before adding (e.g. picking a label)
//   add(ann): Promise<void>       adds one annotation to the open document
//   scrollContainer(): Element    the element that scrolls the article
// }
// doc = { title, text, paragraphs: [{start, end}], annotations: [{id, label, start, end}] }

/** The element that scrolls the article, and the article's container inside it: the same on every page. */
export const scroller = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'scroller' }));
export const content = scroller.appendChild(Object.assign(document.createElement('div'), { id: 'content' }));

export const COLORS = { Claim: '#ffd54f', Speaker: '#81d4fa', Source: '#a5d6a7' };

/**
 * Renders the text as one <p> per paragraph, with the "\n\n" separators kept as text nodes
 * between them, so that the container's textContent equals doc.text and character offsets
 * computed over the DOM text (as the peers do) match the document's offsets.
 * Returns the paragraphs' text nodes in order.
 */
export function renderParagraphs(container, doc) {
  const fragment = document.createDocumentFragment();
  const nodes = [];
  doc.paragraphs.forEach((p, i) => {
    if (i > 0) fragment.append(document.createTextNode(doc.text.slice(doc.paragraphs[i - 1].end, p.start)));
    const el = document.createElement('p');
    const node = document.createTextNode(doc.text.slice(p.start, p.end));
    el.append(node);
    nodes.push(node);
    fragment.append(el);
  });
  container.append(fragment);
  return nodes;
}

/** A DOM Range for [start, end) over paragraphs rendered by renderParagraphs. */
export function rangeFor(doc, nodes, start, end) {
  const range = document.createRange();
  const a = locate(doc, nodes, start);
  const b = locate(doc, nodes, end);
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

function locate(doc, nodes, offset) {
  let lo = 0;
  let hi = doc.paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.paragraphs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const p = doc.paragraphs[lo];
  return { node: nodes[lo], offset: Math.min(offset, p.end) - p.start };
}

export function install(adapter) {
  window.benchAdapter = adapter;
}
