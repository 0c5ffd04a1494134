// The cast: about forty people who show up in several sources with the same name, email address,
// phone number and Slack/Teams ids, so that cross-source identity can be exercised.
import type { Identity } from '../contract/models.ts';
import { hashSeed, Rng } from './prng.ts';

export type Circle = 'team' | 'company' | 'client' | 'family' | 'friend';

export interface Person {
  id: string;
  name: string;
  first: string;
  email: string;
  phone: string;
  slackId: string;
  teamsId: string;
  circle: Circle;
}

const FIRST = [
  'Ana', 'Ben', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Isabel', 'Jonas', 'Kemi', 'Liam', 'Maya',
  'Nikhil', 'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
  'Aoife', 'Bruno', 'Carla', 'Diego', 'Eva', 'Felix', 'Greta', 'Hassan', 'Ines', 'Jake', 'Keiko', 'Lars', 'Mina',
  'Noah', 'Priya', 'Rafael',
];
const LAST = [
  'Silva', 'Okafor', 'Martin', 'Ivanov', 'Rossi', 'Haddad', 'Kim', 'Tanaka', 'García', 'Berg', 'Adeyemi', 'Walsh',
  'Cohen', 'Sharma', 'Brown', 'López', 'Taylor', 'Costa', 'Novak', 'Aziz', 'Patel', 'Dubois', 'Zhang', 'Ruiz',
  'Demir', 'Fischer', 'Murphy', 'Santos', 'Moreau', 'Fernández', 'Nilsson', 'Weber', 'Johansson', 'Ali', 'Pereira',
  'Evans', 'Sato', 'Larsen', 'Park', 'Müller', 'Mehta', 'Souza',
];
/** How many of each circle, in order; 40 people in all. */
const CIRCLES: readonly [Circle, number][] = [
  ['team', 12],
  ['company', 10],
  ['client', 8],
  ['family', 5],
  ['friend', 5],
];
const DOMAIN: Record<Circle, string> = {
  team: 'example.com',
  company: 'example.com',
  client: 'example.org',
  family: 'example.net',
  friend: 'example.net',
};

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function makePeople(seed: number): Person[] {
  const rng = new Rng(hashSeed(seed, 'people'));
  const firsts = rng.sample(FIRST, FIRST.length);
  const lasts = rng.sample(LAST, LAST.length);
  const people: Person[] = [];
  for (const [circle, count] of CIRCLES) {
    for (let k = 0; k < count; k++) {
      const i = people.length;
      const first = firsts[i % firsts.length] as string;
      const last = lasts[i % lasts.length] as string;
      const n = String(i + 1).padStart(2, '0');
      people.push({
        id: `p${n}`,
        name: `${first} ${last}`,
        first,
        email: `${ascii(first)}.${ascii(last)}@${DOMAIN[circle]}`,
        // 555-01xx numbers are reserved for fiction (NANP).
        phone: `+1555010${n}`,
        slackId: `U0DEMO${n}`,
        teamsId: `29:demo-${ascii(first)}-${n}`,
        circle,
      });
    }
  }
  return people;
}

/** The user in the demo world: a person without an id or a circle. */
export type MeProfile = Omit<Person, 'id' | 'circle'>;

export function makeMe(name: string, email: string): MeProfile {
  return { name, first: name.split(/\s+/)[0] ?? name, email, phone: '+15550100', slackId: 'U0DEMOME', teamsId: '29:demo-me' };
}

export type Channel = 'email' | 'whatsapp' | 'teams' | 'slack';

/** The identity a person (or the user) has on a channel; the display name is the same everywhere. */
export function identityOn(who: Person | MeProfile, channel: Channel): Identity {
  switch (channel) {
    case 'email':
      return { kind: 'email', address: who.email, name: who.name };
    case 'whatsapp':
      return { kind: 'phone', address: who.phone, name: who.name };
    case 'teams':
      return { kind: 'teams', address: who.teamsId, name: who.name };
    case 'slack':
      return { kind: 'slack', address: who.slackId, name: who.name };
  }
}

export function meIdentities(me: MeProfile): Identity[] {
  return (['email', 'whatsapp', 'teams', 'slack'] as const).map((c) => identityOn(me, c));
}

/** Which chat apps a circle uses: colleagues on Slack and Teams, clients on Teams, family on WhatsApp. */
export function channelsOf(circle: Circle): Channel[] {
  switch (circle) {
    case 'team':
      return ['slack', 'teams', 'whatsapp'];
    case 'company':
      return ['slack', 'teams'];
    case 'client':
      return ['teams'];
    case 'family':
    case 'friend':
      return ['whatsapp'];
  }
}
