/**
 * The confirmation asked before anything that cannot be undone (closing a stage, a poll's close or
 * extension, publishing results, a decision, a 公示 or the final list, a ballot review step,
 * upholding an objection): a native modal <dialog> that says what will happen and what cannot be
 * undone. `showModal()` makes the rest of the page inert; Tab and Shift+Tab stay inside it, Escape
 * and 取消 answer no, and focus goes back to the button that asked. 取消 has the focus first, so a
 * stray Enter does nothing irreversible.
 *
 * @example
 * const confirm = useConfirm();
 * <button onClick={() => confirm.run({ title, happens, irreversible, action: '确认关闭' }, () => close())}>
 * {confirm.dialog}
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmRequest {
  /** The question, e.g. 确认关闭“县级推荐”环节？ */
  title: string;
  /** What will happen, one line each. */
  happens: string[];
  /** What cannot be undone afterwards. */
  irreversible: string;
  /** The confirming button's text, e.g. 确认关闭. */
  action: string;
  /** A destructive action: the confirming button is red. */
  danger?: boolean;
}

let dialogSeq = 0;

/** A confirmation dialog and the function that asks it; render `dialog` once in the component. */
export function useConfirm(): {
  dialog: JSX.Element | null;
  ask: (req: ConfirmRequest) => Promise<boolean>;
  /** Asks, and runs `action` only on yes. */
  run: (req: ConfirmRequest, action: () => unknown) => void;
} {
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const answer = useRef<((ok: boolean) => void) | null>(null);
  const ask = (r: ConfirmRequest) =>
    new Promise<boolean>((resolve) => {
      answer.current?.(false);
      answer.current = resolve;
      setReq(r);
    });
  const done = (ok: boolean) => {
    answer.current?.(ok);
    answer.current = null;
    setReq(null);
  };
  const run = (r: ConfirmRequest, action: () => unknown) =>
    void ask(r).then((ok) => {
      if (ok) void action();
    });
  return { dialog: req ? <ConfirmDialog req={req} onAnswer={done} /> : null, ask, run };
}

function ConfirmDialog({ req, onAnswer }: { req: ConfirmRequest; onAnswer: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [id] = useState(() => `confirm${++dialogSeq}`);
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('button[data-cancel]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  /** Keeps Tab inside the dialog: from the last control to the first and back. */
  const trap = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const controls = [...ref.current!.querySelectorAll<HTMLElement>('button, [href], input, select, textarea')];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      class="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={trap}
      onCancel={(e) => {
        // Escape: answer no (and let the dialog close itself).
        e.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id={`${id}-title`}>{req.title}</h2>
      <div id={`${id}-body`}>
        <p>确认后将：</p>
        <ul>
          {req.happens.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ul>
        <p class="confirm-irreversible">
          <strong>不能撤销：</strong>
          {req.irreversible}
        </p>
      </div>
      <div class="actions">
        <button type="button" class="secondary" data-cancel onClick={() => onAnswer(false)}>
          取消
        </button>
        <button type="button" class={req.danger ? 'danger' : undefined} onClick={() => onAnswer(true)}>
          {req.action}
        </button>
      </div>
    </dialog>
  );
}
