import { useCallback, useEffect, useRef, useState } from 'react';
import type { Room } from '@parley/client';

export interface ChatPanelState {
  open: boolean;
  toggle: () => void;
  close: () => void;
  /** Messages from others and file offers that arrived while the panel was closed. */
  unread: number;
  /** Who files go to: a participant id, or "" for everyone. */
  target: string;
  setTarget: (id: string) => void;
  /** Offers files to the current target. */
  sendFiles: (files: FileList | File[]) => void;
  /** A file is being dragged over the page. */
  dragging: boolean;
}

/** The chat panel's open state, unread badge, file target, and drag-and-drop anywhere on the call page. */
export function useChatPanel(room: Room): ChatPanelState {
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [target, setTarget] = useState('');
  const [dragging, setDragging] = useState(false);
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    const onMessage = (message: { mine: boolean }) => {
      if (!openRef.current && !message.mine) setUnread((n) => n + 1);
    };
    const onTransfer = (transfer: { direction: string }) => {
      if (!openRef.current && transfer.direction === 'incoming') setUnread((n) => n + 1);
    };
    room.chat.on('message', onMessage);
    room.files.on('transfer', onTransfer);
    return () => {
      room.chat.off('message', onMessage);
      room.files.off('transfer', onTransfer);
    };
  }, [room]);

  const sendFiles = useCallback(
    (files: FileList | File[]) => {
      const list = Array.from(files);
      if (list.length === 0) return;
      const to = target && room.participants.has(target) ? [target] : undefined;
      room.files.offer(list, to);
      setOpen(true);
      setUnread(0);
    },
    [room, target],
  );

  // Files dropped anywhere on the call page are offered (to the panel's current target).
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (event.dataTransfer?.files.length) sendFiles(event.dataTransfer.files);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [sendFiles]);

  const toggle = useCallback(() => {
    setOpen((value) => !value);
    setUnread(0);
  }, []);
  const close = useCallback(() => setOpen(false), []);
  return { open, toggle, close, unread, target, setTarget, sendFiles, dragging };
}
