/**
 * Where the server may send webhooks. A webhook URL chosen by an API caller would otherwise
 * let that caller make the server POST to, and read answers from, internal services
 * (cloud metadata, databases' HTTP ports, admin consoles): server-side request forgery.
 * The server's implementation resolves the URL's host and refuses internal addresses
 * unless an operator allowed them; core asks it whenever a URL is set, and the
 * WebhookSender asks again for every request, since DNS answers can change in between.
 */
export interface WebhookDestinations {
  /** Why no webhook may be sent to `url` (a clause for an error message), or undefined when it may. */
  whyRefused(url: string): Promise<string | undefined>;
}
