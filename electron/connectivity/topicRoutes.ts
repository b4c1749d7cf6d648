import { filterMatches } from '../../shared/topicFilters.js';

/**
 * Topics a broker link reads for a service other than ingest (alarm sync between stations):
 * the link subscribes to `filter` on every connect and hands each matching message to
 * `onMessage` instead of the Sparkplug and JSON decoders. Sparkplug and the JSON mappings are
 * untouched by routes, so a route's topics must not be device data.
 */
export interface TopicRoute {
  filter: string;
  qos: 0 | 1;
  /** Called on the link's thread for each message; a throw is counted, never fatal. */
  onMessage(topic: string, payload: Buffer, retained: boolean): void;
  /** Each new session, once the broker granted the subscription: e.g. send what waited. */
  onSession?(): void;
}

/** The filter's levels before its first wildcard: a cheap test that most topics fail. */
const prefixes = new WeakMap<TopicRoute, string>();

function literalPrefix(route: TopicRoute): string {
  let prefix = prefixes.get(route);
  if (prefix === undefined) {
    const levels = route.filter.split('/');
    const wild = levels.findIndex((level) => level === '+' || level === '#');
    prefix = wild < 0 ? route.filter : levels.slice(0, wild).join('/');
    prefixes.set(route, prefix);
  }
  return prefix;
}

/**
 * The route a topic belongs to, if any. Checked for every message a link receives, so device
 * data (thousands of messages a second) pays one `startsWith` per route, not a filter match.
 */
export function routeFor(routes: readonly TopicRoute[], topic: string): TopicRoute | undefined {
  for (const route of routes) {
    if (topic.startsWith(literalPrefix(route)) && filterMatches(route.filter, topic)) return route;
  }
  return undefined;
}
