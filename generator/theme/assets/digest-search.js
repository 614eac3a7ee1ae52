// The header search box: queries the English and the Russian Pagefind bundles (each with its own stemmer),
// merges their results by page, and narrows them by topic, source, language and year.
// Nothing is loaded until the reader opens the search; each bundle then fetches only the index chunks
// and result fragments a query needs.

const FACETS = [
  ["topic", "Topic · Тема"],
  ["source", "Source · Источник"],
  ["language", "Language · Язык"],
  ["year", "Year · Год"],
];
const LANGUAGE_NAMES = { en: "English", ru: "Русский" };
const CANDIDATES = 30; // results whose fragments are fetched; the same page may come from both bundles
const SHOWN = 15;

const root = document.querySelector("[data-digest-search]");
if (root) setUp(root);

function setUp(root) {
  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  const base = new URL(config.base || ".", location.href);
  const form = root.querySelector("form");
  const input = root.querySelector("[data-digest-query]");
  const list = root.querySelector("[data-digest-list]");
  const status = root.querySelector("[data-digest-status]");
  const facets = root.querySelector("[data-digest-filters]");
  const toggle = document.getElementById("__search");
  const chosen = {};
  let engines = null;
  let sequence = 0;
  let timer = 0;

  function loadEngines() {
    engines ??= (async () => {
      const response = await fetch(new URL("search/languages.json", base));
      const { languages, bundles = {} } = await response.json();
      return Promise.all(languages.map(async (language) => {
        const path = new URL(`search/${language}/`, base);
        const pagefind = await import(new URL("pagefind.js", path).href);
        const engine = pagefind.createInstance({ basePath: path.pathname });
        // One bundle per period: the primary (the language's folder) and the older periods merged into it
        const merged = (bundles[language] ?? []).slice(1);
        await Promise.all(merged.map((folder) => engine.mergeIndex(new URL(`search/${folder}`, base).pathname)));
        return { language, engine };
      }));
    })();
    return engines;
  }

  // The filter chunks (four a bundle: half the requests of a first search at 10,000 articles) are loaded after
  // the first answer is shown; searches then report which facet values their results have.
  let facetsLoaded = null;
  let facetsReady = false;

  function loadFacets(loaded) {
    facetsLoaded ??= Promise.all(loaded.map(({ engine }) => engine.filters())).then(() => { facetsReady = true; });
    return facetsLoaded;
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    loadEngines().catch(() => {});
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!query) {
      list.replaceChildren();
      facets.hidden = true;
      status.textContent = "Type to search English and Russian articles · Введите запрос";
      root.dataset.answered = "";
      return;
    }
    let loaded;
    try {
      loaded = await loadEngines();
    } catch (error) {
      status.textContent = "Search is not available on this copy of the site · Поиск недоступен";
      return;
    }
    const filters = Object.fromEntries(Object.entries(chosen).filter(([, value]) => value));
    const counted = facetsReady; // whether these answers count facet values: the chunks were loaded before they ran
    const answers = await searchAll(loaded, query, filters);
    if (mine !== sequence) return;
    const candidates = answers.flatMap((answer) => answer?.results ?? [])
      .sort((a, b) => b.score - a.score)
      .slice(0, CANDIDATES);
    const records = await Promise.all(candidates.map((result) => result.data()));
    if (mine !== sequence) return;
    const seen = new Set();
    const words = query.toLocaleLowerCase().split(/\s+/);
    const unique = records.filter((record) => !seen.has(record.url) && !truncated(record, words) && seen.add(record.url));
    list.replaceChildren(...unique.slice(0, SHOWN).map(renderResult));
    status.textContent = countText(unique.length, candidates.length === CANDIDATES);
    const answered = JSON.stringify([query, filters]);
    root.dataset.answered = answered; // what the list now shows (tests wait for it)
    if (counted) {
      showFacets(answers);
      root.dataset.faceted = answered; // and the facets too
      return;
    }
    showFacets([], true); // their places kept while the chunks load: the list does not move when they come
    await loadFacets(loaded);
    if (mine !== sequence) return;
    const recounted = await searchAll(loaded, query, filters);
    if (mine !== sequence) return;
    showFacets(recounted);
    root.dataset.faceted = answered;
  }

  function searchAll(loaded, query, filters) {
    return Promise.all(loaded.map(({ engine }) => engine.search(query, { filters })));
  }

  // A bundle without the query's word answers with pages holding a short word the query begins with (`о` for
  // `Оралбай`): with one bundle per year most bundles lack a rare name, so such matches are left out.
  function truncated(record, words) {
    const marks = [...(record.excerpt ?? "").matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1].toLocaleLowerCase());
    return marks.length > 0 && marks.every((mark) => words.some((word) => word !== mark && word.startsWith(mark) && mark.length * 2 < word.length));
  }

  function countText(count, capped) {
    if (count === 0) return "No matching articles · Ничего не найдено";
    if (capped) return "Many matching articles, best first · Много результатов, сначала лучшие";
    return count === 1 ? "1 matching article · Найдена 1 статья" : `${count} matching articles · Найдено статей: ${count}`;
  }

  function showFacets(answers, pending = false) {
    const present = {};
    for (const answer of answers) {
      for (const [name, values] of Object.entries(answer?.filters ?? {})) {
        for (const [value, count] of Object.entries(values)) {
          if (count > 0) (present[name] ??= new Set()).add(value);
        }
      }
    }
    const groups = FACETS.map(([name, label]) => {
      const values = [...(present[name] ?? [])];
      if (chosen[name] && !values.includes(chosen[name])) values.push(chosen[name]);
      if (values.length === 0 && !pending) return null;
      values.sort((a, b) => a.localeCompare(b));
      const select = document.createElement("select");
      select.name = name;
      select.disabled = pending;
      select.setAttribute("aria-label", label);
      select.append(new Option(`${label}: any · все`, ""));
      for (const value of values) select.append(new Option(value, value, false, chosen[name] === value));
      select.addEventListener("change", () => {
        chosen[name] = select.value;
        run();
      });
      const wrap = document.createElement("label");
      wrap.className = "digest-search-facet";
      wrap.append(select);
      return wrap;
    }).filter(Boolean);
    facets.replaceChildren(...groups);
    facets.hidden = groups.length === 0;
  }

  function renderResult(record) {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(record.url.replace(/^\//, ""), base).href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    title.textContent = record.meta.title;
    if (record.meta.lang) title.lang = record.meta.lang;
    const facts = document.createElement("p");
    facts.className = "digest-search-facts";
    facts.textContent = [formatDate(record.meta.date), record.meta.source, LANGUAGE_NAMES[record.meta.lang]]
      .filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    // A match in the names list (" · "-separated, see generator/search.py) makes a poor excerpt: show the summary.
    if (record.excerpt.includes(" · ")) excerpt.textContent = shorten(record.meta.summary || "", 40);
    else excerpt.append(...markedText(record.excerpt));
    article.append(title, facts, excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  function shorten(text, words) {
    const all = text.split(/\s+/);
    return all.length > words ? `${all.slice(0, words).join(" ")} …` : text;
  }

  function formatDate(iso) {
    if (!iso) return "";
    const date = new Date(`${iso}T00:00:00Z`);
    const locale = { en: "en-GB" }[document.documentElement.lang] || document.documentElement.lang || "en-GB";
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date); // 9 May 2023, as on the pages
  }

  // Pagefind's excerpt is escaped text with <mark> around matches; keep exactly that, nothing else.
  function markedText(excerpt) {
    const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
    return [...parsed.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.click();
  });
  form.addEventListener("reset", () => {
    for (const key of Object.keys(chosen)) delete chosen[key];
    setTimeout(run, 0);
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      input.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const typing = event.target instanceof HTMLElement &&
      (event.target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName));
    if (toggle.checked && event.key === "Escape") {
      close();
      event.preventDefault();
    } else if (!typing && ["/", "s", "f"].includes(event.key)) {
      open();
      input.focus();
      input.select();
      event.preventDefault();
    }
  });
}
