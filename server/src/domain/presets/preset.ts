/** A scene or environment preset: a labelled prompt fragment the studio shows as a card. */
export interface Preset {
  id: string;
  label: string;
  description: string;
  prompt: string;
  isDefault: boolean;
}
