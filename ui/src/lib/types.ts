// Shapes of the Api's JSON, mirroring bintek-core's model.

export interface Event {
  id: string;
  title: string;
  theme: string | null;
  organizer: string | null;
  venue: string | null;
  city: string | null;
  start_date: string;
  end_date: string;
  legal_basis: string | null;
  total_jp: number | null;
  notes: string | null;
  archived: boolean;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventInput {
  title: string;
  theme: string;
  organizer: string;
  venue: string;
  city: string;
  start_date: string;
  end_date: string;
  legal_basis: string;
  total_jp: number | null;
  notes: string;
}

export interface AppInfo {
  version: string;
  schema_version: number;
  database: string;
}
