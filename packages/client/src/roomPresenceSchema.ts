// What fetchRoomPresence checks an answer against, imported only once it fetches (see there).
export { httpPath, RoomPresenceSchema } from '@parley/protocol';
