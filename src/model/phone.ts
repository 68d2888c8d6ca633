/** A phone number as one word: its spaces no-break, so that no line ends inside it (`(555)` / `010-0199`). */
export function unbrokenPhone(phone: string): string {
  return phone.replace(/ /g, '\u00a0');
}
