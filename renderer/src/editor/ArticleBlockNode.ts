import {
  $applyNodeReplacement,
  ElementNode,
  type EditorConfig,
  type LexicalNode,
  type NodeKey,
  type SerializedElementNode,
  type Spread,
} from 'lexical';
import type { BlockKind } from '../../core/model/types.ts';

export type SerializedArticleBlockNode = Spread<{ kind: BlockKind; index: number }, SerializedElementNode>;

const TAG: Record<BlockKind, string> = {
  section: 'p',
  headline: 'h1',
  standfirst: 'p',
  heading: 'h2',
  paragraph: 'p',
};

/**
 * One block of the article (headline, standfirst, paragraph …). It carries its index in the
 * document's `blocks`, which is how editor positions map back to text offsets. Annotations are
 * not nodes: they are drawn over the text (see `highlights.ts`).
 */
export class ArticleBlockNode extends ElementNode {
  __kind: BlockKind;
  __index: number;

  static override getType(): string {
    return 'article-block';
  }

  static override clone(node: ArticleBlockNode): ArticleBlockNode {
    return new ArticleBlockNode(node.__kind, node.__index, node.__key);
  }

  constructor(kind: BlockKind = 'paragraph', index = 0, key?: NodeKey) {
    super(key);
    this.__kind = kind;
    this.__index = index;
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    const el = document.createElement(TAG[this.__kind]);
    el.className = `block block-${this.__kind}`;
    el.dataset.block = String(this.__index);
    return el;
  }

  override updateDOM(): boolean {
    return false;
  }

  static override importJSON(json: SerializedArticleBlockNode): ArticleBlockNode {
    return $createArticleBlockNode(json.kind, json.index);
  }

  override exportJSON(): SerializedArticleBlockNode {
    return { ...super.exportJSON(), type: 'article-block', version: 1, kind: this.__kind, index: this.__index };
  }
}

export function $createArticleBlockNode(kind: BlockKind, index: number): ArticleBlockNode {
  return $applyNodeReplacement(new ArticleBlockNode(kind, index));
}

export function $isArticleBlockNode(node: LexicalNode | null | undefined): node is ArticleBlockNode {
  return node instanceof ArticleBlockNode;
}
