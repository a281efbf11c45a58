/** Types shared by the exporter: post metadata, notebook JSON, rendered posts. */

/** What every post declares about itself (notebook metadata, a raw YAML cell or note front matter). */
export interface FrontMatter {
  readonly title: string;
  /** Publication date, "YYYY-MM-DD". */
  readonly date: string;
  /** One or two sentences for the index, the feed and Open Graph (default ""). */
  readonly description: string;
  /** Lowercase tag slugs, each gets `tags/<tag>/index.html` (default []). */
  readonly tags: readonly string[];
  /** Drafts are only exported with `--drafts` (default false). */
  readonly draft: boolean;
}

/** Where a post comes from. */
export type PostKind = "notebook" | "note";

/** A post found on disk, with its front matter read but nothing rendered yet. */
export interface PostSource {
  readonly kind: PostKind;
  /** Path as given (used in error messages). */
  readonly file: string;
  readonly slug: string;
  readonly frontMatter: FrontMatter;
}

/** A rendered post: HTML for the page and Markdown for static-site generators. */
export interface RenderedPost extends PostSource {
  /** The article body as HTML (no page chrome). */
  readonly html: string;
  /** The body as Markdown (no front matter). */
  readonly markdown: string;
  /** True when the page needs plotly.js. */
  readonly hasPlots: boolean;
  /** True when the page needs KaTeX's stylesheet. */
  readonly hasMath: boolean;
}

/** One output of a notebook code cell (nbformat 4). */
export type NotebookOutput =
  | { readonly output_type: "stream"; readonly name: string; readonly text: string | readonly string[] }
  | {
      readonly output_type: "display_data" | "execute_result";
      readonly data: Readonly<Record<string, unknown>>;
      readonly metadata?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly output_type: "error";
      readonly ename: string;
      readonly evalue: string;
      readonly traceback: readonly string[];
    };

/** One notebook cell (nbformat 4), the fields the exporter reads. */
export interface NotebookCell {
  readonly cell_type: "markdown" | "code" | "raw";
  readonly source: string | readonly string[];
  readonly outputs?: readonly NotebookOutput[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A notebook document (nbformat 4). */
export interface Notebook {
  readonly nbformat: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly cells: readonly NotebookCell[];
}
