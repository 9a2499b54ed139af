/**
 * Acme CRM's users and their contacts, in memory. A user is known by the name typed on the
 * consent page; each user starts with the same five sample contacts (their ids are derived
 * from the user, so every read returns the same list) and then owns whatever they add.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../server/clock.ts';

export interface AcmeUser {
  id: string;
  name: string;
}

export interface Contact {
  id: string;
  name: string;
  email: string;
  createdAt: string;
}

const sampleContacts = [
  { name: 'Ada Lovelace', email: 'ada@analytical.example' },
  { name: 'Grace Hopper', email: 'grace@cobol.example' },
  { name: 'Alan Turing', email: 'alan@bletchley.example' },
  { name: 'Katherine Johnson', email: 'katherine@nasa.example' },
  { name: 'Linus Torvalds', email: 'linus@kernel.example' },
];

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export class ContactBook {
  readonly #clock: Clock;
  readonly #contacts = new Map<string, Contact[]>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The user with this name; the same name is always the same user. */
  user(name: string): AcmeUser {
    return { id: `user_${shortHash(name)}`, name };
  }

  /** Newest first, like the Hitch API. */
  list(user: AcmeUser): Contact[] {
    return [...this.#contactsOf(user)].reverse();
  }

  add(user: AcmeUser, input: { name: string; email: string }): Contact {
    const contact = { id: `contact_${randomUUID()}`, ...input, createdAt: new Date(this.#clock.now()).toISOString() };
    this.#contactsOf(user).push(contact);
    return contact;
  }

  #contactsOf(user: AcmeUser): Contact[] {
    let contacts = this.#contacts.get(user.id);
    if (!contacts) {
      const seededAt = new Date(this.#clock.now()).toISOString();
      contacts = sampleContacts.map((sample, index) => ({
        id: `contact_${shortHash(`${user.id}/${index}`)}`,
        ...sample,
        createdAt: seededAt,
      }));
      this.#contacts.set(user.id, contacts);
    }
    return contacts;
  }
}
