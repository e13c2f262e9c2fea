/** LoRA ("HD") mode once the influencer's LoRA is ready, else face reference from the base image. */
export function selectMode(influencer: { loraStatus: string; loraModelKey: string | null }): 'face_ref' | 'lora' {
  return influencer.loraStatus === 'ready' && influencer.loraModelKey ? 'lora' : 'face_ref';
}
