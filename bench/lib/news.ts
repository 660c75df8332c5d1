/**
 * Generated news feeds with a realistic mix: mostly unrelated world news, a few items about countries
 * moving into or out of treaties (the same story carried by several outlets, as in real coverage).
 * Deterministic for a given seed so runs are comparable.
 */

export interface NewsEntry {
  guid: string;
  title: string;
  summary: string;
  link: string;
  published: Date;
}

/** Small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const PLACES = [
  "Brussels",
  "Nairobi",
  "Jakarta",
  "Lima",
  "Ottawa",
  "Canberra",
  "Seoul",
  "Lagos",
  "Madrid",
  "Hanoi",
  "Cairo",
  "Oslo",
  "Manila",
  "Bogotá",
  "Warsaw",
  "Athens",
  "Dhaka",
  "Accra",
  "Quito",
  "Tbilisi",
] as const;
const SUBJECTS = [
  "Central bank",
  "Transport ministry",
  "Opposition leader",
  "Energy regulator",
  "Health officials",
  "Teachers' union",
  "City council",
  "Farmers",
  "Tech start-ups",
  "Port workers",
  "Football federation",
  "Weather service",
  "Stock exchange",
  "Airline",
  "Supreme court",
] as const;
const ACTIONS = [
  "raises interest rates amid inflation worries",
  "unveils plan to expand rail network",
  "calls for early elections after budget dispute",
  "approves new offshore wind auction",
  "warns of heatwave as temperatures climb",
  "strike disrupts services for a second day",
  "reports record quarterly profits",
  "announces tax relief for small businesses",
  "opens inquiry into procurement contracts",
  "signs deal to build desalination plant",
  "postpones vote on pension reform",
  "lifts ban on grain exports",
  "faces protests over fuel prices",
  "launches vaccination drive in rural districts",
  "cuts growth forecast for next year",
] as const;
const LEDES = [
  "Officials said the measure would take effect next month after a consultation period.",
  "The decision follows weeks of talks between the government and industry representatives.",
  "Analysts expect the move to have a limited effect on consumer prices in the short term.",
  "Critics said the plan lacked detail on how it would be financed.",
  "The announcement was welcomed by business groups but criticised by environmental campaigners.",
] as const;

/**
 * Treaty stories as outlets word them: each names a country that the bundled status snapshot has as a
 * party (or signatory), so the pipeline sees a real step. Several outlets carry each story.
 */
export const TREATY_STORIES: ReadonlyArray<{ title: string; summary: string }> = [
  {
    title: "Norway's government announces withdrawal from the Ottawa mine ban treaty",
    summary:
      "Norway will withdraw from the Ottawa Convention banning anti-personnel landmines, the prime minister said, citing the security situation in Europe.",
  },
  {
    title: "Germany moves to withdraw from the Paris Agreement",
    summary:
      "The German government decided to withdraw from the Paris climate agreement, officials said on Monday.",
  },
  {
    title: "Burkina Faso announces withdrawal from the International Criminal Court",
    summary:
      "Burkina Faso said it would withdraw from the Rome Statute of the International Criminal Court with immediate effect.",
  },
  {
    title: "Marshall Islands ratifies the Mine Ban Treaty",
    summary:
      "The Marshall Islands deposited its instrument of ratification of the Ottawa Convention with the UN Secretary-General.",
  },
  {
    title: "Netherlands parliament votes to leave the Ottawa Convention on landmines",
    summary:
      "Dutch lawmakers approved a bill to withdraw from the Ottawa treaty banning anti-personnel mines.",
  },
];

export interface FeedSiteOptions {
  index: number;
  items: number;
  /** Share of items that are treaty news (0..1). */
  treatyShare: number;
  now: Date;
  seed?: number;
}

/** One generated news site: its feed items, newest first, and a version that changes when an item is added. */
export class FeedSite {
  readonly path: string;
  readonly title: string;
  entries: NewsEntry[] = [];
  version = 1;
  lastModified: Date;
  private readonly random: () => number;
  private counter = 0;

  constructor(private readonly options: FeedSiteOptions) {
    this.path = `/feeds/${options.index}.xml`;
    this.title = `World Desk ${options.index}`;
    this.random = seededRandom((options.seed ?? 7) * 1_000 + options.index);
    this.lastModified = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
    for (let i = 0; i < options.items; i++) {
      const published = new Date(options.now.getTime() - (i + 1) * 7 * 60_000);
      this.entries.push(this.makeEntry(published, this.random() < options.treatyShare));
    }
  }

  /** Adds one item at the top (drops the oldest, as real feeds keep a window). */
  addItem(published: Date, treaty: boolean | { title: string; summary: string } = false): NewsEntry {
    const entry =
      typeof treaty === "object"
        ? this.makeStoryEntry(published, treaty, this.counter++)
        : this.makeEntry(published, treaty);
    this.entries.unshift(entry);
    if (this.entries.length > this.options.items) this.entries.pop();
    this.version++;
    this.lastModified = new Date(
      Math.max(this.lastModified.getTime() + 1000, Math.floor(published.getTime() / 1000) * 1000),
    );
    return entry;
  }

  get treatyItems(): number {
    return this.entries.filter((e) => e.guid.includes("/treaty/")).length;
  }

  private makeStoryEntry(published: Date, story: { title: string; summary: string }, n: number): NewsEntry {
    const slug = story.title.toLowerCase().replace(/[^a-z]+/g, "-");
    const link = `https://news${this.options.index}.example.com/treaty/${slug}-${n}`;
    return { guid: link, title: story.title, summary: story.summary, link, published };
  }

  private makeEntry(published: Date, treaty: boolean): NewsEntry {
    const n = this.counter++;
    const host = `https://news${this.options.index}.example.com`;
    if (treaty) return this.makeStoryEntry(published, pick(this.random, TREATY_STORIES), n);
    const title = `${pick(this.random, PLACES)}: ${pick(this.random, SUBJECTS)} ${pick(this.random, ACTIONS)}`;
    const summary = `${pick(this.random, LEDES)} ${pick(this.random, LEDES)}`;
    return {
      guid: `${host}/story/${this.options.index}-${n}`,
      title,
      summary,
      link: `${host}/story/${this.options.index}-${n}`,
      published,
    };
  }
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** RSS 2.0 as news sites serve it. */
export function renderRss(site: FeedSite, baseUrl: string): string {
  const items = site.entries
    .map(
      (e) =>
        `<item><title>${escapeXml(e.title)}</title><link>${escapeXml(e.link)}</link>` +
        `<guid isPermaLink="true">${escapeXml(e.guid)}</guid><pubDate>${e.published.toUTCString()}</pubDate>` +
        `<description>${escapeXml(e.summary)}</description></item>`,
    )
    .join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(site.title)}</title>` +
    `<link>${baseUrl}${site.path}</link><description>Generated news</description>` +
    `<lastBuildDate>${site.lastModified.toUTCString()}</lastBuildDate>\n${items}\n</channel></rss>\n`
  );
}

export function generateSites(options: {
  feeds: number;
  items: number;
  treatyShare: number;
  now: Date;
  seed?: number;
}): FeedSite[] {
  return Array.from(
    { length: options.feeds },
    (_, index) =>
      new FeedSite({
        index,
        items: options.items,
        treatyShare: options.treatyShare,
        now: options.now,
        seed: options.seed,
      }),
  );
}
