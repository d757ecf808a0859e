// Every route a reader can open, once each (with a view of the list that has filters on): the
// accessibility audit and the squeezed-text check both walk this list.
export const ROUTES = [
  "/",
  "/disclosures",
  "/disclosures?q=PFOS&flag=banned",
  "/enterprises/e00002",
  "/substances",
  "/substances/10",
  "/overview",
  "/compare?ids=e00001,e00002",
  "/watch",
  "/learn",
  "/learn/pfas",
  "/learn/lessons/community",
  "/glossary",
  "/search?q=PFOS",
  "/report",
  "/report/status",
  "/staff",
  "/plan",
  "/about",
  "/no-such-page",
];
