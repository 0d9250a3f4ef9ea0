-- Live updates: a committed change that a person's open page shows is announced on the
-- channel saraban_live (NOTIFY is delivered at commit, never for a rolled-back change, and
-- identical payloads of one transaction are delivered once). The payload names only the
-- agency, the kind of change and, for a person's own notifications, the person: never a
-- subject, a number or anything of a letter. Every app server LISTENs and passes it on to the
-- browsers it serves (server/live/).
CREATE FUNCTION app_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
  person uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  -- Only a notification's table has user_id (PL/pgSQL reads the field only on this branch).
  IF TG_ARGV[0] = 'notification' THEN person := changed.user_id; END IF;
  PERFORM pg_notify('saraban_live', json_build_object('t', changed.tenant_id, 'k', TG_ARGV[0], 'u', person)::text);
  RETURN NULL;
END $$;

-- A letter waiting to be registered arrived, was registered (left the list), or came back.
CREATE TRIGGER waiting_letters_announce AFTER INSERT OR DELETE ON waiting_letters
  FOR EACH ROW EXECUTE FUNCTION app_announce_change('waiting');
-- A person's notification arrived or was read (in another tab).
CREATE TRIGGER notifications_announce AFTER INSERT OR UPDATE ON notifications
  FOR EACH ROW EXECUTE FUNCTION app_announce_change('notification');
-- A sent letter's delivery moved on: delivered, registered with the receiver's number, failed, returned.
CREATE TRIGGER deliveries_announce AFTER INSERT OR UPDATE ON deliveries
  FOR EACH ROW EXECUTE FUNCTION app_announce_change('delivery');
