import { For, Show } from 'solid-js';

export interface SegmentOption<T extends string | number> {
  value: T;
  label: string;
  hint?: string;
}

/** A labelled group of radio buttons that looks like a segmented control. */
export function OptionSegment<T extends string | number>(props: {
  legend: string;
  name: string;
  options: ReadonlyArray<SegmentOption<T>>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="control-group control-group--inline">
      <legend class="control-group__title">{props.legend}</legend>
      <div class="segmented">
        <For each={props.options}>
          {(option) => (
            <label>
              <input type="radio" name={props.name} value={String(option.value)} checked={props.value === option.value} onChange={() => props.onChange(option.value)} />
              <span>
                {option.label}
                <Show when={option.hint}>
                  <span class="segmented__sub">{option.hint}</span>
                </Show>
              </span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
