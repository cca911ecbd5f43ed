"""CSS and the one page script of the chat UI, kept apart from the layout code in ui.py.

The script exists because Gradio has no event for "a link inside a chat bubble
was clicked": it catches clicks on citation links (`#cite-<turn>-<n>`) and
hands the key to a hidden textbox whose change event renders the source view on
the server. It never builds markup from data, so it cannot inject anything.
"""

CITE_SCRIPT = """
<script>
(() => {
  if (window.__citeHandler) return;
  window.__citeHandler = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href^='#cite-']");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const key = link.getAttribute("href").slice("#cite-".length);
    const box = document.querySelector("#cite-request textarea, #cite-request input");
    if (!box) return;
    // a nonce so clicking the same citation again still counts as a change
    box.value = key + "|" + Date.now();
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const view = document.querySelector("#source-view");
    if (view && view.scrollIntoView) view.scrollIntoView({ block: "nearest" });
  }, true);
  // Screen readers should hear "Source 1: <headline>", not "[1]". The chat's sanitizer drops
  // aria-label from answer HTML, so it is set here from the link's own title or text.
  const label = () => {
    document.querySelectorAll("a.cite:not([aria-label])").forEach((link) => {
      const n = (link.getAttribute("href") || "").split("-").pop();
      const shown = (link.textContent || "").replace(/^\\s*\\[\\d+\\]\\s*/, "").trim();
      const headline = shown || link.getAttribute("title") || "";
      link.setAttribute("aria-label", headline ? `Source ${n}: ${headline}` : `Source ${n}`);
    });
  };
  new MutationObserver(label).observe(document.documentElement, { subtree: true, childList: true });
  label();
})();
</script>
"""

CSS = """
#cite-request { display: none !important; }
/* The chatbot's clear icon sits in its top right corner: keep the first bubble below it. */
#chat .bubble-wrap { padding-top: 30px; }
a.cite { font-weight: 600; text-decoration: none; padding: 0 1px; border-radius: 3px;
         background: var(--color-accent-soft); color: var(--color-accent); cursor: pointer; }
a.cite:hover { text-decoration: underline; }
.cite-list { font-size: 0.85em; opacity: 0.85; }
.cite-list a.cite { background: none; font-weight: 500; margin-right: 0.6em; }
.refusal { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 1px 6px; margin-right: 4px;
           border-radius: 4px; background: #fde68a; color: #78350f; }
.notice { font-style: italic; opacity: 0.85; }
.typing { opacity: 0.6; }
.banner { padding: 8px 12px; border-radius: 6px; margin-bottom: 6px; background: #dbeafe; color: #1e3a8a; }
.banner.failed { background: #fee2e2; color: #7f1d1d; }
.source-view { font-size: 0.95em; line-height: 1.5; }
.source-view.empty, .sources.empty, .articles.empty { opacity: 0.7; font-style: italic; }
.source-n { font-weight: 700; color: var(--color-accent); }
.source-title { font-weight: 600; }
.source-meta { font-size: 0.85em; opacity: 0.8; }
.source-speaker { font-size: 0.85em; margin-top: 2px; }
.passage { white-space: pre-wrap; margin-top: 6px; }
mark.quote { background: #fef08a; color: #1f2937; padding: 0 2px; border-radius: 2px; }
.insertion { color: #6b7280; font-style: italic; }
.answer-phrase { font-weight: 700; }
ol.sources { padding-left: 1.2em; margin: 0; }
ol.sources li { margin-bottom: 6px; }
a.cite.plain { background: none; }
.articles table { width: 100%; border-collapse: collapse; font-size: 0.9em; }
.articles th, .articles td { text-align: left; padding: 4px 6px;
                             border-bottom: 1px solid var(--border-color-primary); }
.articles .unknown { opacity: 0.6; font-style: italic; }
.remove-question { padding: 8px 10px; }
.upload-result .error { color: #b91c1c; }
.upload-result .ok { color: #15803d; }
"""

EMBED_CSS = (
    CSS
    + """
footer { display: none !important; }
/* 420 x 640 (the snippet's size): chat, input and source view all fit without the page scrolling. */
.gradio-container { padding: 4px !important; max-width: none !important; }
.gradio-container .main { padding: 4px 6px !important; }
.gradio-container .column { gap: 6px !important; }
#banner:not(:has(.banner)), #feedback-note:not(:has(p)) { display: none !important; }
#source-view { max-height: 28vh; overflow: auto; }
"""
)
