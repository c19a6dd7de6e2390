import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { City } from '../cities/city.entity';

/**
 * A company engineer who meets fans. `engineerCode` is the public ID shown on
 * board items ("E1024"). Product areas live in engineer_product_areas.
 */
@Entity('engineers')
@Check('engineers_engineer_code_check', `engineer_code ~ '^E[0-9]{3,6}$'`)
@Check('engineers_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('engineers_availability_check', `length(availability) <= 500`)
export class Engineer {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column('text', { unique: true })
  engineerCode!: string;

  @Column('text')
  name!: string;

  @Column('integer', { nullable: true })
  homeCityId!: number | null;

  @ManyToOne(() => City, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'home_city_id', foreignKeyConstraintName: 'engineers_home_city_id_fkey' })
  homeCity?: City | null;

  @Column('text', { default: '' })
  availability!: string;

  @Column('boolean', { default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
