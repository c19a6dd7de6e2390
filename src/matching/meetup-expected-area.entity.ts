import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Meetup } from '../meetups/meetup.entity';
import { ProductArea } from '../product-areas/product-area.entity';

/** A product area staff expect a meetup's attendees to ask about: its demand before any question. */
@Entity('meetup_expected_areas')
export class MeetupExpectedArea {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'meetup_expected_areas_pkey' })
  meetupId!: number;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'meetup_expected_areas_pkey' })
  productAreaId!: number;

  @ManyToOne(() => Meetup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetup_id', foreignKeyConstraintName: 'meetup_expected_areas_meetup_id_fkey' })
  meetup?: Meetup;

  @ManyToOne(() => ProductArea, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_area_id', foreignKeyConstraintName: 'meetup_expected_areas_product_area_id_fkey' })
  productArea?: ProductArea;
}
