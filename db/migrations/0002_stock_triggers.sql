-- Stock moves with orders, enforced by the database rather than by callers:
-- inserting an order line takes the units (the CHECK on variants.stock aborts
-- the whole batch instead of overselling), and an unpaid order that ends
-- (failed, expired, canceled) gives them back exactly once, because an order
-- can leave pending_payment only once (worker/commerce/order-status.ts).
CREATE TRIGGER `order_lines_take_stock` AFTER INSERT ON `order_lines` BEGIN
	UPDATE variants SET stock = stock - new.quantity WHERE sku = new.sku;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_return_stock` AFTER UPDATE OF status ON `orders`
WHEN old.status = 'pending_payment' AND new.status IN ('failed', 'expired', 'canceled') BEGIN
	UPDATE variants SET stock = stock + (
		SELECT SUM(ol.quantity) FROM order_lines ol WHERE ol.order_id = new.id AND ol.sku = variants.sku
	) WHERE sku IN (SELECT sku FROM order_lines WHERE order_id = new.id);
END;
