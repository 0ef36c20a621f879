/** A free-form message left for the county office (留言). */
export type Feedback = {
  id: string;
  channel: string;
  userId: string;
  topic: string;
  text: string;
  /** Kept for a call-back by staff; shown masked everywhere. */
  phone?: string;
  createdAt: string;
};
